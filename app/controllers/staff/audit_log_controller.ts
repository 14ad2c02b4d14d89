import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#models/staff_user'
import AuditLogPolicy from '#policies/audit_log_policy'
import { auditLogFilterValidator } from '#validators/staff/audit_log'
import {
  AUDIT_ENTRIES_PER_PAGE,
  AUDIT_EXPORT_LIMIT,
  auditLogQuery,
  type AuditLogFilters,
} from '#domain/audit_log_search'
import { originOf, recordAudit } from '#domain/audit_trail'
import { todayInJapan } from '#domain/clock'
import { csvEncodingFrom, csvFile } from '#documents/csv'
import { sendDownload } from '#documents/download'
import { presentAuditEntries } from '#presenters/audit_entries'
import { AUDIT_ACTION_LABELS } from '#domain/audit_actions'
import { presentPagination, queryString } from '#presenters/pagination'
import { boundedPage } from '#domain/bounded_pages'

export default class AuditLogController {
  async index({ request, inertia, bouncer }: HttpContext) {
    await bouncer.with(AuditLogPolicy).authorize('view')
    const input = await auditLogFilterValidator.validate(request.qs())
    const filters: AuditLogFilters = {
      staff: input.staff,
      member: input.member,
      action: input.action,
      from: input.from,
      to: input.to,
    }
    const page = await boundedPage(auditLogQuery(filters), input.page ?? 1, AUDIT_ENTRIES_PER_PAGE)
    const staff = await StaffUser.query().orderBy('login_id')
    const raw = request.qs()
    const kept = {
      staff: input.staff,
      member: input.member,
      action: input.action,
      from: raw.from,
      to: raw.to,
    }
    return inertia.render('staff/audit_log/index', {
      filters: {
        staff: input.staff ? String(input.staff) : '',
        member: input.member ?? '',
        action: input.action ?? '',
        from: raw.from ?? '',
        to: raw.to ?? '',
      },
      staffOptions: staff.map((s) => ({ value: String(s.id), label: `${s.name}（${s.loginId}）` })),
      actionOptions: Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({
        value,
        label,
      })),
      entries: await presentAuditEntries(page.rows),
      pagination: presentPagination(page, '/staff/audit-log', kept),
      exportUrl: `/staff/audit-log/export${queryString(kept)}`,
    })
  }

  async export(ctx: HttpContext) {
    const { request, response, bouncer } = ctx
    await bouncer.with(AuditLogPolicy).authorize('view')
    const input = await auditLogFilterValidator.validate(request.qs())
    const filters: AuditLogFilters = {
      staff: input.staff,
      member: input.member,
      action: input.action,
      from: input.from,
      to: input.to,
    }
    const entries = await auditLogQuery(filters).limit(AUDIT_EXPORT_LIMIT)
    const rows = await presentAuditEntries(entries)
    // Encoded first: a refused Shift_JIS file is not an export.
    const file = csvFile({
      filename: `監査ログ_${todayInJapan().toFormat('yyyyLLdd')}.csv`,
      encoding: csvEncodingFrom(input.encoding),
      header: ['日時', '操作者', '組合員番号', '操作', '操作コード', '結果', 'IPアドレス', '詳細'],
      rows: rows.map((row) => [
        row.at,
        row.actor,
        row.memberNumber,
        row.action,
        row.actionCode,
        row.outcome,
        row.ip,
        row.details,
      ]),
    })
    await recordAudit({
      action: 'staff.audit_log.export',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: ctx.auth.use('staff').user!.id,
      origin: originOf(ctx),
      details: { count: rows.length, from: input.from ?? null, to: input.to ?? null },
    })
    return sendDownload(response, file)
  }
}
