import type { HttpContext } from '@adonisjs/core/http'
import { confirmEmailChange } from '#domain/members/email_change'
import { originOf } from '#domain/audit/audit_trail'
import { linkProblem } from '#presenters/public/link_problem'
import type { ConfirmedEmailProps } from '#presenters/public/pages'

/** The link mailed to a new address: opening it (on any device) completes the change. */
export default class EmailConfirmationController {
  async show(ctx: HttpContext) {
    const result = await confirmEmailChange(ctx.params.token, originOf(ctx))
    if (!result.ok) {
      ctx.response.status(result.reason === 'unknown' ? 404 : 410)
      return ctx.inertia.render('public/link_problem', linkProblem('email_change', result.reason))
    }
    return ctx.inertia.render('public/email_confirmed', {
      email: result.email,
    } satisfies ConfirmedEmailProps)
  }
}
