import type StaffUser from '#models/staff_user'
import type { StaffRole } from '#models/staff_user'

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

/** The back-office menu, in the order staff use it. */
const STAFF_SECTIONS: { href: string; label: string; permission: StaffPermission | null }[] = [
  { href: '/staff', label: 'ダッシュボード', permission: null },
  { href: '/staff/phone-desk', label: '電話対応', permission: 'usePhoneDesk' },
  { href: '/staff/members', label: '組合員検索', permission: 'viewMembers' },
  { href: '/staff/inquiries', label: 'お問い合わせ', permission: 'answerInquiries' },
  {
    href: '/staff/affiliation-requests',
    label: '所属変更申請',
    permission: 'decideAffiliationRequests',
  },
  { href: '/staff/imports', label: '取込', permission: 'runImports' },
  { href: '/staff/guide-letters', label: '案内状', permission: 'printGuideLetters' },
  { href: '/staff/notices', label: 'お知らせ', permission: 'manageNotices' },
  { href: '/staff/change-history', label: '変更履歴出力', permission: 'exportChangeHistory' },
  { href: '/staff/audit-log', label: '監査ログ', permission: 'viewAuditLog' },
  { href: '/staff/accounts', label: '職員アカウント', permission: 'manageStaffAccounts' },
]

export function staffMenuFor(staff: StaffUser): { href: string; label: string }[] {
  return STAFF_SECTIONS.filter(
    (section) => section.permission === null || staffMay(staff, section.permission)
  ).map(({ href, label }) => ({ href, label }))
}
