import type AuditLog from '#models/audit_log'
import type StaffUser from '#models/staff_user'
import type { BoundedPage } from '#domain/common/bounded_pages'
import type { AuditActors } from '#domain/audit/audit_log_search'
import type { AuditCsvLayout } from '#domain/audit/audit_log_export'
import { AUDIT_ACTION_LABELS } from '#domain/audit/audit_actions'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import { IDENTITY_ITEM_LABELS, type IdentityItem } from '#domain/desk/identity_matching'
import { auditActionLabel } from '#domain/audit/audit_actions'
import { DESK_REASONS, type DeskReason } from '#domain/desk/phone_desk'
import { presentPagination, type Pagination } from '#presenters/staff/pagination'
import { routeUrl } from '#services/named_routes'

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

/** The audit log (staff/audit_log/index). */
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

/** Rows for tables and CSV; `actors` from loadAuditActors (app/domain/audit/audit_log_search.ts). */
export function presentAuditEntries(entries: AuditLog[], actors: AuditActors): AuditEntryRow[] {
  const { staffById, memberById } = actors
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

const FILTER_KEYS = ['staff', 'member', 'action', 'from', 'to'] as const

/** The list's filters as they were typed (the export link and the pages carry them). */
export function auditFilterQuery(qs: Record<string, unknown>) {
  const kept: Record<string, string> = {}
  for (const key of FILTER_KEYS) {
    if (typeof qs[key] === 'string') kept[key] = qs[key] as string
  }
  return kept
}

/**
 * `filters` as validated, `qs` as typed (the dates are shown as typed, not as normalised);
 * the rest as loadAuditLogPage (app/domain/audit/audit_log_search.ts) gives them.
 */
export function presentAuditLog(page: {
  filters: { staff?: number; member?: string; action?: string }
  qs: Record<string, any>
  entries: BoundedPage<AuditLog>
  actors: AuditActors
  staff: StaffUser[]
}): AuditLogProps {
  const { filters, qs } = page
  const kept = auditFilterQuery(qs)
  return {
    filters: {
      staff: filters.staff ? String(filters.staff) : '',
      member: filters.member ?? '',
      action: filters.action ?? '',
      from: qs.from ?? '',
      to: qs.to ?? '',
    },
    staffOptions: page.staff.map((s) => ({
      value: String(s.id),
      label: `${s.name}（${s.loginId}）`,
    })),
    actionOptions: Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({
      value,
      label,
    })),
    entries: presentAuditEntries(page.entries.rows, page.actors),
    pagination: presentPagination(page.entries, routeUrl('staff.audit_log.index'), kept),
    exportUrl: routeUrl('staff.audit_log.export', {}, kept),
  }
}

/** The export's columns: the list's own labels, plus the stored action code. */
export const AUDIT_CSV_LAYOUT: AuditCsvLayout = {
  header: ['日時', '操作者', '組合員番号', '操作', '操作コード', '結果', 'IPアドレス', '詳細'],
  rows: (entries, actors) =>
    presentAuditEntries(entries, actors).map((row) => [
      row.at,
      row.actor,
      row.memberNumber,
      row.action,
      row.actionCode,
      row.outcome,
      row.ip,
      row.details,
    ]),
}
