import type AuditLog from '#models/audit_log'
import StaffUser from '#models/staff_user'
import Member from '#models/member'
import { formatJapaneseDateTime } from '#domain/formatting'
import { IDENTITY_ITEM_LABELS, type IdentityItem } from '#domain/identity_matching'
import { DESK_REASONS, type DeskReason } from '#domain/phone_desk'

/** Japanese names of the audited actions (unknown ones are shown as they are). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'member.login': '組合員ログイン',
  'member.logout': '組合員ログアウト',
  'staff.login': '職員ログイン',
  'staff.logout': '職員ログアウト',
  'staff.member.view': '組合員情報の閲覧',
  'staff.inquiry.view': 'お問い合わせの閲覧',
  'staff.member.unblock': 'ロック解除（組合員詳細）',
  'staff.member.withdrawal_recorded': '脱退届の受理を登録',
  'staff.member.withdrawal_cancelled': '脱退の取り消し',
  'staff.phone_desk.verify': '電話対応：本人確認',
  'staff.phone_desk.reveal_initial_password': '電話対応：初期パスワード表示',
  'staff.phone_desk.reveal_email': '電話対応：メールアドレス表示',
  'staff.phone_desk.reissue_initial_password': '電話対応：初期パスワード再発行',
  'staff.phone_desk.unblock': '電話対応：ロック解除',
  'staff.phone_desk.resend_registration_mail': '電話対応：登録確認メールの再送',
  'staff.phone_desk.rate_limited': '電話対応：表示回数の上限',
  'staff.guide_letters.print': '案内状の出力',
  'staff.audit_log.export': '監査ログのCSV出力',
  'staff.accounts.create': '職員アカウント作成',
  'staff.accounts.change_role': '職員の権限変更',
  'staff.accounts.deactivate': '職員アカウントの利用停止',
  'staff.accounts.reactivate': '職員アカウントの利用再開',
  'staff.accounts.reset_password': '職員のパスワード再設定',
  'staff.accounts.reset_two_step': '職員の2段階認証の解除',
  'staff.login_code': '職員ログイン（確認コード）',
  'staff.two_step.enabled': '2段階認証の設定',
  'staff.two_step.disabled': '2段階認証の解除',
}

export interface AuditEntryRow {
  id: number
  at: string
  actor: string
  memberNumber: string
  action: string
  outcome: string
  ip: string
  details: string
}

const DETAIL_LABELS: Record<string, string> = {
  matched: '一致',
  unmatched: '不一致',
  reason: '理由',
  note: '補足',
  tab: 'タブ',
  count: '件数',
  from: '開始日',
  to: '終了日',
  acceptedOn: '受理日',
  refundOn: '返還日',
  role: '権限',
  previousRole: '変更前',
  target: '対象職員',
}

function detailValue(key: string, value: unknown): string {
  if (Array.isArray(value)) {
    return value
      .map((item) => IDENTITY_ITEM_LABELS[item as IdentityItem] ?? String(item))
      .join('・')
  }
  if (key === 'reason' && typeof value === 'string' && value in DESK_REASONS) {
    return DESK_REASONS[value as DeskReason]
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

export function describeDetails(detailsJson: string | null): string {
  if (!detailsJson) return ''
  try {
    const details = JSON.parse(detailsJson) as Record<string, unknown>
    return Object.entries(details)
      .filter(([, value]) => value !== null && value !== undefined && value !== '')
      .map(([key, value]) => `${DETAIL_LABELS[key] ?? key}: ${detailValue(key, value)}`)
      .join(' / ')
  } catch {
    return ''
  }
}

/** Rows for tables and CSV: staff and members looked up once per page. */
export async function presentAuditEntries(entries: AuditLog[]): Promise<AuditEntryRow[]> {
  const staffIds = [...new Set(entries.map((e) => e.staffUserId).filter((id) => id !== null))]
  const memberIds = [...new Set(entries.map((e) => e.memberId).filter((id) => id !== null))]
  const [staff, members] = await Promise.all([
    staffIds.length ? StaffUser.query().whereIn('id', staffIds) : [],
    memberIds.length ? Member.query().whereIn('id', memberIds) : [],
  ])
  const staffById = new Map(staff.map((s) => [s.id, s]))
  const memberById = new Map(members.map((m) => [m.id, m]))

  return entries.map((entry) => {
    const staffUser = entry.staffUserId ? staffById.get(entry.staffUserId) : undefined
    const member = entry.memberId ? memberById.get(entry.memberId) : undefined
    return {
      id: entry.id,
      at: formatJapaneseDateTime(entry.createdAt),
      actor:
        entry.actorType === 'staff'
          ? staffUser
            ? `${staffUser.name}（${staffUser.loginId}）`
            : '職員'
          : entry.actorType === 'member'
            ? '組合員'
            : entry.actorType === 'system'
              ? 'システム'
              : '未ログイン',
      memberNumber: member?.memberNumber ?? '',
      action: AUDIT_ACTION_LABELS[entry.action] ?? entry.action,
      outcome: entry.outcome === 'success' ? '成功' : '失敗',
      ip: entry.ip ?? '',
      details: describeDetails(entry.detailsJson),
    }
  })
}
