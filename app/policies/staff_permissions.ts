import type StaffUser from '#models/staff_user'
import type { StaffRole } from '#models/staff_user'
import { routeUrl, type StaticRouteName } from '#services/named_routes'

/**
 * Which roles may do what, in one table (SPEC "Who uses it"). Admins may do everything and are
 * not listed. The policies check these names, and the staff menu shows only the sections the
 * viewer may open, so the two cannot drift apart.
 */
export const STAFF_PERMISSIONS = {
  viewMembers: ['operator', 'clerk'],
  usePhoneDesk: ['operator'],
  answerInquiries: ['operator'],
  decideAffiliationRequests: ['clerk'],
  recordWithdrawals: ['clerk'],
  manageNotices: ['clerk'],
  exportChangeHistory: ['clerk'],
  runImports: ['clerk'],
  printGuideLetters: ['clerk'],
  viewAuditLog: [],
  manageStaffAccounts: [],
} as const satisfies Record<string, readonly StaffRole[]>

export type StaffPermission = keyof typeof STAFF_PERMISSIONS

export function staffMay(
  staff: StaffUser | null | undefined,
  permission: StaffPermission
): boolean {
  if (!staff?.isActive) return false
  if (staff.role === 'admin') return true
  return (STAFF_PERMISSIONS[permission] as readonly StaffRole[]).includes(staff.role)
}

/** The back-office menu, in the order staff use it (named routes: hrefs are made per request). */
const STAFF_SECTIONS: {
  route: StaticRouteName
  label: string
  permission: StaffPermission | null
}[] = [
  { route: 'staff.dashboard', label: 'ダッシュボード', permission: null },
  { route: 'staff.phone_desk.index', label: '電話対応', permission: 'usePhoneDesk' },
  { route: 'staff.members.index', label: '組合員検索', permission: 'viewMembers' },
  { route: 'staff.card_check.show', label: '組合員証の確認', permission: 'viewMembers' },
  { route: 'staff.inquiries.index', label: 'お問い合わせ', permission: 'answerInquiries' },
  {
    route: 'staff.affiliation_requests.index',
    label: '所属変更申請',
    permission: 'decideAffiliationRequests',
  },
  { route: 'staff.imports.index', label: '取込', permission: 'runImports' },
  { route: 'staff.guide_letters.index', label: '案内状', permission: 'printGuideLetters' },
  { route: 'staff.notices.index', label: 'お知らせ', permission: 'manageNotices' },
  {
    route: 'staff.change_history.show',
    label: '変更履歴出力',
    permission: 'exportChangeHistory',
  },
  { route: 'staff.audit_log.index', label: '監査ログ', permission: 'viewAuditLog' },
  { route: 'staff.accounts.index', label: '職員アカウント', permission: 'manageStaffAccounts' },
]

export function staffMenuFor(staff: StaffUser): { href: string; label: string }[] {
  return STAFF_SECTIONS.filter(
    (section) => section.permission === null || staffMay(staff, section.permission)
  ).map(({ route, label }) => ({ href: routeUrl(route), label }))
}
