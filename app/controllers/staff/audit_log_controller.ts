import type { HttpContext } from '@adonisjs/core/http'
import AuditLogPolicy from '#policies/audit_log_policy'
import { auditLogFilterValidator } from '#validators/staff/audit_log'
import { AUDIT_EXPORT_TOO_MANY, loadAuditLogPage } from '#domain/audit/audit_log_search'
import { exportAuditLog } from '#domain/audit/audit_log_export'
import { originOf } from '#domain/audit/audit_trail'
import { csvEncodingFrom } from '#documents/csv'
import { sendCsvExport } from '#documents/csv_export'
import {
  AUDIT_CSV_LAYOUT,
  auditFilterQuery,
  presentAuditLog,
  type AuditLogProps,
} from '#presenters/staff/audit_entries'
import { routeUrl } from '#services/named_routes'

export default class AuditLogController {
  async index({ request, inertia, bouncer }: HttpContext) {
    await bouncer.with(AuditLogPolicy).authorize('view')
    const filters = await auditLogFilterValidator.validate(request.qs())
    const page = await loadAuditLogPage(filters, filters.page ?? 1)
    return inertia.render(
      'staff/audit_log/index',
      presentAuditLog({ filters, qs: request.qs(), ...page }) satisfies AuditLogProps
    )
  }

  async export(ctx: HttpContext) {
    const { request, response, bouncer, session } = ctx
    await bouncer.with(AuditLogPolicy).authorize('view')
    const filters = await auditLogFilterValidator.validate(request.qs())
    const outcome = await exportAuditLog({
      filters,
      encoding: csvEncodingFrom(filters.encoding),
      staffUserId: ctx.auth.use('staff').user!.id,
      origin: originOf(ctx),
      layout: AUDIT_CSV_LAYOUT,
    })
    if (outcome.status === 'too_many') {
      session.flash('error', AUDIT_EXPORT_TOO_MANY)
      return response.redirect(
        routeUrl('staff.audit_log.index', {}, auditFilterQuery(request.qs()))
      )
    }
    return sendCsvExport(response, outcome.file)
  }
}
