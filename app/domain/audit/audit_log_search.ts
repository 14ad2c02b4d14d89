import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import StaffUser from '#models/staff_user'
import Member from '#models/member'
import { boundedPage } from '#domain/common/bounded_pages'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { digitsOnly } from '#domain/common/japanese_text'

/** Filters of the audit / access log viewer; dates are Japan calendar dates (ISO). */
export interface AuditLogFilters {
  staff?: number
  member?: string
  action?: string
  from?: string
  to?: string
}

export const AUDIT_ENTRIES_PER_PAGE = 50
/** The most entries one export carries; more is refused with AUDIT_EXPORT_TOO_MANY. */
export const AUDIT_EXPORT_LIMIT = 100_000
export const AUDIT_EXPORT_TOO_MANY = `出力できるのは${AUDIT_EXPORT_LIMIT.toLocaleString('ja-JP')}件までです。期間や条件を絞り込んでから出力してください。`

export function auditLogQuery(filters: AuditLogFilters) {
  const query = AuditLog.query()
  if (filters.staff) query.where('staff_user_id', filters.staff)
  if (filters.member) {
    const number = digitsOnly(filters.member)
    query.whereIn('member_id', (sub) =>
      sub.from('members').select('id').where('member_number', number)
    )
  }
  if (filters.action) query.where('action', filters.action)
  if (filters.from) {
    const from = DateTime.fromISO(filters.from, { zone: BUSINESS_ZONE }).startOf('day')
    query.where('created_at', '>=', dbTimestamp(from))
  }
  if (filters.to) {
    const to = DateTime.fromISO(filters.to, { zone: BUSINESS_ZONE })
      .plus({ days: 1 })
      .startOf('day')
    query.where('created_at', '<', dbTimestamp(to))
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc')
}

/** Rows read per step of an export. */
const EXPORT_CHUNK_ROWS = 2_000

/**
 * The filtered entries, newest first, in chunks: a keyset walk over (created_at, id) — the
 * list's own order — so an export of 100,000 entries holds one chunk at a time.
 */
export async function* auditLogChunks(
  filters: AuditLogFilters,
  chunkRows = EXPORT_CHUNK_ROWS
): AsyncGenerator<AuditLog[]> {
  let after: { createdAt: string; id: number } | null = null
  while (true) {
    const query = auditLogQuery(filters).limit(chunkRows)
    // Row values: one index range read per step (SQLite 3.15+, PostgreSQL).
    if (after) query.whereRaw('(created_at, id) < (?, ?)', [after.createdAt, after.id])
    const entries = await query
    if (!entries.length) return
    yield entries
    if (entries.length < chunkRows) return
    const last = entries[entries.length - 1]
    after = { createdAt: dbTimestamp(last.createdAt), id: Number(last.id) }
  }
}

/** The staff and members a set of entries names, looked up once per page or chunk. */
export interface AuditActors {
  staffById: Map<number, StaffUser>
  memberById: Map<number, Member>
}

/** Two lookups (in parallel) whatever the number of entries; none for entries naming nobody. */
export async function loadAuditActors(entries: AuditLog[]): Promise<AuditActors> {
  const staffIds = [...new Set(entries.map((e) => e.staffUserId).filter((id) => id !== null))]
  const memberIds = [...new Set(entries.map((e) => e.memberId).filter((id) => id !== null))]
  const [staff, members] = await Promise.all([
    staffIds.length ? StaffUser.query().whereIn('id', staffIds) : [],
    memberIds.length ? Member.query().whereIn('id', memberIds) : [],
  ])
  return {
    staffById: new Map(staff.map((s) => [s.id, s])),
    memberById: new Map(members.map((m) => [m.id, m])),
  }
}

/**
 * One page of the log with a count bounded by LIST_COUNT_CAP (a million rows are never
 * counted), the people it names, and every staff account for the filter.
 */
export async function loadAuditLogPage(filters: AuditLogFilters, page: number) {
  const entries = await boundedPage(auditLogQuery(filters), page, AUDIT_ENTRIES_PER_PAGE)
  const staff = await StaffUser.query().orderBy('login_id')
  return { entries, staff, actors: await loadAuditActors(entries.rows) }
}

/** A member's latest entries (the 操作記録 tab). */
export async function loadMemberAuditEntries(memberId: number, limit = 200) {
  const entries = await AuditLog.query()
    .where('member_id', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
  return { entries, actors: await loadAuditActors(entries) }
}
