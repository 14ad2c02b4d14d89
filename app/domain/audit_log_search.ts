import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import { BUSINESS_ZONE } from '#domain/clock'
import { dbTimestamp } from '#domain/db_time'
import { digitsOnly } from '#domain/japanese_text'

/** Filters of the audit / access log viewer; dates are Japan calendar dates (ISO). */
export interface AuditLogFilters {
  staff?: number
  member?: string
  action?: string
  from?: string
  to?: string
}

export const AUDIT_ENTRIES_PER_PAGE = 50
export const AUDIT_EXPORT_LIMIT = 100_000

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
