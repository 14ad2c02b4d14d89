import type { HttpContext } from '@adonisjs/core/http'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import AffiliationRequestPolicy from '#policies/affiliation_request_policy'
import {
  DECIDE_PROBLEM_MESSAGES,
  decideAffiliationRequest,
  type DecideResult,
} from '#domain/workflows/affiliation_requests'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import {
  presentAffiliationRequestDetail,
  presentAffiliationRequestQueue,
} from '#presenters/staff/affiliation_request_queue'
import {
  approveAffiliationRequestValidator,
  rejectAffiliationRequestValidator,
} from '#validators/staff/affiliation_request'
import { validateForm } from '#validators/validate_form'

/** 所属変更申請 (clerk): the queue, one request, approve or reject (once). */
export default class AffiliationRequestsController {
  async index({ bouncer, request, inertia }: HttpContext) {
    await bouncer.with(AffiliationRequestPolicy).authorize('view')
    return inertia.render(
      'staff/affiliation_requests/index',
      await presentAffiliationRequestQueue(request.qs())
    )
  }

  async show({ bouncer, params, inertia }: HttpContext) {
    await bouncer.with(AffiliationRequestPolicy).authorize('view')
    const request = await AffiliationChangeRequest.findOrFail(params.id)
    return inertia.render(
      'staff/affiliation_requests/show',
      await presentAffiliationRequestDetail(request)
    )
  }

  async approve(ctx: HttpContext) {
    await ctx.bouncer.with(AffiliationRequestPolicy).authorize('decide')
    await AffiliationChangeRequest.findOrFail(ctx.params.id)
    const input = await validateForm(ctx, approveAffiliationRequestValidator)
    const staff = ctx.auth.use('staff').getUserOrFail()
    const result = await decideAffiliationRequest(Number(ctx.params.id), staff.id, {
      kind: 'approve',
      affiliationId: input.affiliationId,
      note: input.note ?? null,
    })
    return this.after(ctx, result, 'approve')
  }

  async reject(ctx: HttpContext) {
    await ctx.bouncer.with(AffiliationRequestPolicy).authorize('decide')
    await AffiliationChangeRequest.findOrFail(ctx.params.id)
    const input = await validateForm(ctx, rejectAffiliationRequestValidator)
    const staff = ctx.auth.use('staff').getUserOrFail()
    const result = await decideAffiliationRequest(Number(ctx.params.id), staff.id, {
      kind: 'reject',
      note: input.reason,
    })
    return this.after(ctx, result, 'reject')
  }

  private async after(ctx: HttpContext, result: DecideResult, kind: 'approve' | 'reject') {
    const { session, response, params } = ctx
    const staff = ctx.auth.use('staff').getUserOrFail()
    if (!result.ok) {
      if (result.problem === 'unknown_affiliation') {
        session.flashErrors({ affiliationId: DECIDE_PROBLEM_MESSAGES.unknown_affiliation })
      } else {
        session.flash('error', DECIDE_PROBLEM_MESSAGES[result.problem])
      }
      return response.redirect().toRoute('staff.affiliation_requests.show', { id: params.id })
    }

    const { request, member, newAffiliation } = result
    await recordAudit({
      action:
        kind === 'approve'
          ? 'staff.affiliation_request.approve'
          : 'staff.affiliation_request.reject',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: staff.id,
      memberId: member.id,
      origin: originOf(ctx),
      details: { requestId: request.id, affiliationId: newAffiliation?.id ?? null },
    })

    const { mailed } = result
    session.flash(
      'success',
      `${kind === 'approve' ? '承認' : '却下'}しました。${mailed ? '組合員にメールでお知らせしました。' : '組合員はメールアドレス未登録のため、メールは送信していません。'}`
    )
    return response.redirect().toRoute('staff.affiliation_requests.show', { id: request.id })
  }
}
