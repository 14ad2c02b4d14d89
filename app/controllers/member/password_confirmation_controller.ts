import type { HttpContext } from '@adonisjs/core/http'
import { passwordConfirmValidator } from '#validators/member/credentials'
import { markPasswordConfirmed, verifyCurrentPassword } from '#domain/auth/password_reentry'
import { originOf } from '#domain/audit/audit_trail'
import { endAreaSession } from '#domain/auth/session_policy'
import { sameSitePath } from '#domain/auth/safe_redirect'
import { loginRefusalMessage } from '#presenters/common/login_refusal'
import type { ConfirmPasswordProps } from '#presenters/member/credentials'
import { routeUrl } from '#services/named_routes'

/** Re-entering the password before a sensitive change (see recent_password_middleware). */
export default class PasswordConfirmationController {
  async show({ inertia, request }: HttpContext) {
    return inertia.render('member/confirm_password', {
      next: sameSitePath(request.input('next')) ?? routeUrl('member.home'),
    } satisfies ConfirmPasswordProps)
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const account = auth.use('member').user!
    const { password, next } = await request.validateUsing(passwordConfirmValidator)
    const target = sameSitePath(next) ?? routeUrl('member.home')
    const result = await verifyCurrentPassword(account, password, originOf(ctx))
    if (result.ok) {
      markPasswordConfirmed(ctx)
      return response.redirect(target)
    }
    if (result.reason === 'locked') {
      await auth.use('member').logout()
      endAreaSession(ctx, 'member')
      session.flash('error', loginRefusalMessage(result, 'member'))
      return response.redirect().toRoute('public.login.show')
    }
    if (result.reason === 'throttled') {
      session.flash('error', loginRefusalMessage(result, 'member'))
    } else {
      session.flashErrors({ password: 'パスワードが正しくありません。もう一度入力してください。' })
    }
    return response.redirect(
      `${routeUrl('member.confirm_password.show')}?next=${encodeURIComponent(target)}`
    )
  }
}
