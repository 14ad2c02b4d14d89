import type { HttpContext } from '@adonisjs/core/http'
import { typedInput, validateForm } from '#validators/validate_form'
import { affiliationRequestValidator } from '#validators/member/affiliation_request'
import { requestAffiliationChange } from '#domain/workflows/request_affiliation_change'
import { ownAffiliationRequests } from '#domain/workflows/own_affiliation_requests'
import { loadAffiliationOptions } from '#domain/workflows/affiliation_options'
import { presentMemberAffiliationRequests } from '#presenters/member/affiliation_requests'

/** 所属変更申請: the request form and the member's own requests with their status. */
export default class AffiliationRequestsController {
  async index({ auth, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const requests = await ownAffiliationRequests(account.memberId)
    const options = await loadAffiliationOptions()
    return inertia.render(
      'member/affiliation_requests',
      presentMemberAffiliationRequests(account.member, requests, options)
    )
  }

  async store(ctx: HttpContext) {
    const { response, session, auth } = ctx
    const account = auth.use('member').getUserOrFail()
    const input = await validateForm(ctx, affiliationRequestValidator)
    const outcome = await requestAffiliationChange({ memberId: account.memberId, input })
    if (outcome.status === 'requested') {
      session.flash(
        'success',
        '所属変更申請を受け付けました。学生協で確認のうえ、結果をメールでお知らせします。'
      )
      return response.redirect().toRoute('member.affiliation_requests.index')
    }
    session.flash('old', typedInput(ctx))
    if (outcome.status === 'pending_exists') {
      session.flash('error', outcome.message)
    } else {
      session.flashErrors({ [outcome.field]: outcome.message })
    }
    return response.redirect().back()
  }
}
