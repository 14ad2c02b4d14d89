import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { typedInput, validateForm } from '#validators/validate_form'
import { affiliationRequestValidator } from '#validators/member/affiliation_request'
import {
  SUBMIT_PROBLEM_MESSAGES,
  effectiveDateProblem,
  submitAffiliationRequest,
} from '#domain/workflows/affiliation_requests'
import { todayInJapan } from '#domain/common/clock'
import {
  presentAffiliationRequest,
  type MemberAffiliationRequestsProps,
} from '#presenters/common/affiliation_requests'
import { loadAffiliationOptions } from '#domain/workflows/affiliation_options'
import AffiliationChangeRequest from '#models/affiliation_change_request'

/** 所属変更申請: the request form and the member's own requests with their status. */
export default class AffiliationRequestsController {
  async index({ auth, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const member = account.member
    const requests = await AffiliationChangeRequest.query()
      .where('member_id', member.id)
      .preload('fromAffiliation')
      .preload('requestedAffiliation')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
    const list = requests.map(presentAffiliationRequest)
    const options = await loadAffiliationOptions()
    return inertia.render('member/affiliation_requests', {
      currentAffiliation: member.affiliation?.name ?? null,
      affiliations: options.filter((option) => option.id !== member.affiliationId),
      hasPending: list.some((request) => request.status === 'pending'),
      requests: list,
    } satisfies MemberAffiliationRequestsProps)
  }

  async store(ctx: HttpContext) {
    const { response, session, auth } = ctx
    const account = auth.use('member').getUserOrFail()
    const input = await validateForm(ctx, affiliationRequestValidator)
    const effectiveOn = DateTime.fromISO(input.effectiveOn)

    const dateProblem = effectiveDateProblem(effectiveOn, todayInJapan())
    if (dateProblem) {
      session.flash('old', typedInput(ctx))
      session.flashErrors({ effectiveOn: dateProblem })
      return response.redirect().back()
    }

    const result = await submitAffiliationRequest(account.memberId, {
      affiliationId: input.affiliationId === 'other' ? null : Number(input.affiliationId),
      affiliationText: input.affiliationId === 'other' ? (input.affiliationText ?? null) : null,
      effectiveOn,
      reason: input.reason,
    })
    if (!result.ok) {
      session.flash('old', typedInput(ctx))
      if (result.problem === 'pending_exists') {
        session.flash('error', SUBMIT_PROBLEM_MESSAGES.pending_exists)
      } else {
        session.flashErrors({ affiliationId: SUBMIT_PROBLEM_MESSAGES[result.problem] })
      }
      return response.redirect().back()
    }
    session.flash(
      'success',
      '所属変更申請を受け付けました。学生協で確認のうえ、結果をメールでお知らせします。'
    )
    return response.redirect().toRoute('member.affiliation_requests.index')
  }
}
