import type { HttpContext } from '@adonisjs/core/http'
import { memberLoginValidator } from '#validators/public/login'
import { attemptMemberLogin } from '#domain/member_authentication'
import { originOf } from '#domain/audit_trail'
import { startAreaSession } from '#domain/session_policy'
import { loginRefusalMessage } from '#presenters/login_refusal'
import { sameSitePath } from '#domain/safe_redirect'

export default class LoginController {
  async show({ inertia }: HttpContext) {
    return inertia.render('public/login')
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const { email, password } = await request.validateUsing(memberLoginValidator)

    const result = await attemptMemberLogin({ email, password, origin: originOf(ctx) })
    if (!result.ok) {
      session.flash('old', { email })
      session.flash('error', loginRefusalMessage(result, 'member'))
      return response.redirect().toRoute('public.login.show')
    }

    await auth.use('member').login(result.account)
    startAreaSession(ctx, 'member', result.account.sessionVersion)
    const intended = sameSitePath(session.pull('member_intended_url'))
    return intended ? response.redirect(intended) : response.redirect().toRoute('member.home')
  }
}
