import type { HttpContext } from '@adonisjs/core/http'
import { cardCheckParamsValidator } from '#validators/public/card_check'
import { checkMembershipCard } from '#domain/members/card_check'
import { originOf } from '#domain/audit/audit_trail'
import { presentCardCheck } from '#presenters/common/card_check'

/**
 * Card check (組合員証の確認): the page the card's QR code opens, with no log-in. It says
 * whether the card is valid now and shows only what the plastic card shows.
 */
export default class CardCheckController {
  async show(ctx: HttpContext) {
    const { params, inertia, response } = ctx
    const [error, input] = await cardCheckParamsValidator.tryValidate(params)
    const outcome = await checkMembershipCard({
      token: error ? '' : input.token,
      origin: originOf(ctx),
    })
    if (outcome.status === 'throttled') {
      response.status(429)
      response.header('Retry-After', String(outcome.retryAfterSeconds))
    }
    response.header('X-Robots-Tag', 'noindex, nofollow')
    return inertia.render('public/card_check', presentCardCheck(outcome))
  }
}
