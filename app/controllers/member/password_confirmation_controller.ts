import type { HttpContext } from '@adonisjs/core/http'
import { passwordConfirmValidator } from '#validators/member/credentials'
import { reenterPassword } from '#domain/auth/password_reentry'
import { originOf } from '#domain/audit/audit_trail'
import { sameSitePath } from '#domain/auth/safe_redirect'
import { loginRefusalMessage } from '#presenters/common/login_refusal'
import type { ConfirmPasswordProps } from '#presenters/member/credentials'
import { STEP_WINDOWS } from '#domain/auth/rate_limits'
import { logOutLockedMember } from '#controllers/member/locked_member'
import { routeUrl } from '#services/named_routes'

/** Re-entering the password before a sensitive change (see recent_password_middleware). */
export default class PasswordConfirmationController {
  async show({ inertia, request }: HttpContext) {
    return inertia.render('member/confirm_password', {
      next: sameSitePath(request.input('next')) ?? routeUrl('member.home'),
      recentMinutes: STEP_WINDOWS.recentPasswordMinutes,
    } satisfies ConfirmPasswordProps)
  }

  async store(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const { password, next } = await request.validateUsing(passwordConfirmValidator)
    const target = sameSitePath(next) ?? routeUrl('member.home')
    const result = await reenterPassword({
      session,
      account: auth.use('member').user!,
      password,
      origin: originOf(ctx),
    })
    if (result.ok) return response.redirect(target)
    if (result.reason === 'locked') return logOutLockedMember(ctx, result)
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
