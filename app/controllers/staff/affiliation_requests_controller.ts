import type { HttpContext } from '@adonisjs/core/http'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import AffiliationRequestPolicy from '#policies/affiliation_request_policy'
import {
  DECIDE_PROBLEM_MESSAGES,
  decisionMessage,
  recordAffiliationDecision,
  type Decision,
} from '#domain/workflows/affiliation_requests'
import {
  loadAffiliationRequestDetail,
  loadAffiliationRequestQueue,
  queueFilters,
} from '#domain/workflows/affiliation_request_queue_query'
import { originOf } from '#domain/audit/audit_trail'
import {
  presentAffiliationRequestDetail,
  presentAffiliationRequestQueue,
} from '#presenters/staff/affiliation_request_queue'
import { pageFrom } from '#presenters/staff/pagination'
import {
  approveAffiliationRequestValidator,
  rejectAffiliationRequestValidator,
} from '#validators/staff/affiliation_request'
import { validateForm } from '#validators/validate_form'

/** 所属変更申請 (clerk): the queue, one request, approve or reject (once). */
export default class AffiliationRequestsController {
  async index({ bouncer, request, inertia }: HttpContext) {
    await bouncer.with(AffiliationRequestPolicy).authorize('view')
    const filters = queueFilters(request.qs())
    const { requests, affiliations } = await loadAffiliationRequestQueue(
      filters,
      pageFrom(request.qs().page)
    )
    return inertia.render(
      'staff/affiliation_requests/index',
      presentAffiliationRequestQueue(filters, requests, affiliations)
    )
  }

  async show({ bouncer, params, inertia }: HttpContext) {
    await bouncer.with(AffiliationRequestPolicy).authorize('view')
    const { request, affiliations } = await loadAffiliationRequestDetail(params.id)
    return inertia.render(
      'staff/affiliation_requests/show',
      presentAffiliationRequestDetail(request, affiliations)
    )
  }

  async approve(ctx: HttpContext) {
    await ctx.bouncer.with(AffiliationRequestPolicy).authorize('decide')
    await AffiliationChangeRequest.findOrFail(ctx.params.id)
    const input = await validateForm(ctx, approveAffiliationRequestValidator)
    return this.decide(ctx, {
      kind: 'approve',
      affiliationId: input.affiliationId,
      note: input.note ?? null,
    })
  }

  async reject(ctx: HttpContext) {
    await ctx.bouncer.with(AffiliationRequestPolicy).authorize('decide')
    await AffiliationChangeRequest.findOrFail(ctx.params.id)
    const input = await validateForm(ctx, rejectAffiliationRequestValidator)
    return this.decide(ctx, { kind: 'reject', note: input.reason })
  }

  private async decide(ctx: HttpContext, decision: Decision) {
    const { session, response, params } = ctx
    const result = await recordAffiliationDecision({
      requestId: Number(params.id),
      staffId: ctx.auth.use('staff').getUserOrFail().id,
      decision,
      origin: originOf(ctx),
    })
    if (!result.ok && result.problem === 'unknown_affiliation') {
      session.flashErrors({ affiliationId: DECIDE_PROBLEM_MESSAGES.unknown_affiliation })
    } else if (!result.ok) {
      session.flash('error', DECIDE_PROBLEM_MESSAGES[result.problem])
    } else {
      session.flash('success', decisionMessage(decision.kind, result.mailed))
    }
    const id = result.ok ? result.request.id : params.id
    return response.redirect().toRoute('staff.affiliation_requests.show', { id })
  }
}
