import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#models/staff_user'
import AuditLogPolicy from '#policies/audit_log_policy'
import { auditLogFilterValidator } from '#validators/staff/audit_log'
import {
  AUDIT_ENTRIES_PER_PAGE,
  AUDIT_EXPORT_LIMIT,
  AUDIT_EXPORT_TOO_MANY,
  auditLogChunks,
  auditLogQuery,
  type AuditLogFilters,
} from '#domain/audit/audit_log_search'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { todayInJapan } from '#domain/common/clock'
import { csvEncodingFrom } from '#documents/csv'
import { sendCsvExport, writeCsvExport } from '#documents/csv_export'
import { presentAuditEntries, type AuditLogProps } from '#presenters/staff/audit_entries'
import { AUDIT_ACTION_LABELS } from '#domain/audit/audit_actions'
import { presentPagination } from '#presenters/staff/pagination'
import { boundedPage, countUpTo } from '#domain/common/bounded_pages'
import { routeUrl } from '#services/named_routes'

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
    const kept = filterQuery(raw)
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
      pagination: presentPagination(page, routeUrl('staff.audit_log.index'), kept),
      exportUrl: routeUrl('staff.audit_log.export', {}, kept),
    } satisfies AuditLogProps)
  }

  async export(ctx: HttpContext) {
    const { request, response, bouncer, session } = ctx
    await bouncer.with(AuditLogPolicy).authorize('view')
    const input = await auditLogFilterValidator.validate(request.qs())
    const filters: AuditLogFilters = {
      staff: input.staff,
      member: input.member,
      action: input.action,
      from: input.from,
      to: input.to,
    }
    if ((await countUpTo(auditLogQuery(filters), AUDIT_EXPORT_LIMIT + 1)) > AUDIT_EXPORT_LIMIT) {
      session.flash('error', AUDIT_EXPORT_TOO_MANY)
      return response.redirect(routeUrl('staff.audit_log.index', {}, filterQuery(request.qs())))
    }
    // Written whole first: a refused Shift_JIS file is not an export.
    const file = await writeCsvExport({
      filename: `監査ログ_${todayInJapan().toFormat('yyyyLLdd')}.csv`,
      encoding: csvEncodingFrom(input.encoding),
      header: AUDIT_EXPORT_HEADER,
      chunks: auditExportRows(filters),
    })
    await recordAudit({
      action: 'staff.audit_log.export',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: ctx.auth.use('staff').user!.id,
      origin: originOf(ctx),
      details: { count: file.rows, from: input.from ?? null, to: input.to ?? null },
    })
    return sendCsvExport(response, file)
  }
}

const AUDIT_EXPORT_HEADER = [
  '日時',
  '操作者',
  '組合員番号',
  '操作',
  '操作コード',
  '結果',
  'IPアドレス',
  '詳細',
]

async function* auditExportRows(filters: AuditLogFilters) {
  for await (const entries of auditLogChunks(filters)) {
    const rows = await presentAuditEntries(entries)
    yield rows.map((row) => [
      row.at,
      row.actor,
      row.memberNumber,
      row.action,
      row.actionCode,
      row.outcome,
      row.ip,
      row.details,
    ])
  }
}

/** The list's filters as they were typed (the export link carries them). */
function filterQuery(qs: Record<string, unknown>) {
  const kept: Record<string, string> = {}
  for (const key of ['staff', 'member', 'action', 'from', 'to']) {
    if (typeof qs[key] === 'string') kept[key] = qs[key] as string
  }
  return kept
}
