import type AuditLog from '#models/audit_log'
import StaffUser from '#models/staff_user'
import Member from '#models/member'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import { IDENTITY_ITEM_LABELS, type IdentityItem } from '#domain/desk/identity_matching'
import { auditActionLabel } from '#domain/audit/audit_actions'
import { DESK_REASONS, type DeskReason } from '#domain/desk/phone_desk'
import type { Pagination } from '#presenters/staff/pagination'

export interface AuditEntryRow {
  id: number
  at: string
  actor: string
  memberNumber: string
  /** The Japanese label; `actionCode` is the stored code (title attribute, CSV). */
  action: string
  actionCode: string
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

/** The audit log (staff/audit_log/index), built in the controller from the filters. */
export interface AuditLogProps {
  filters: { staff: string; member: string; action: string; from: string; to: string }
  staffOptions: { value: string; label: string }[]
  actionOptions: { value: string; label: string }[]
  entries: AuditEntryRow[]
  pagination: Pagination
  exportUrl: string
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
      action: auditActionLabel(entry.action),
      actionCode: entry.action,
      outcome: entry.outcome === 'success' ? '成功' : '失敗',
      ip: entry.ip ?? '',
      details: describeDetails(entry.detailsJson),
    }
  })
}
