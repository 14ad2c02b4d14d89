import type { HttpContext } from '@adonisjs/core/http'
import type { LoginRefusal } from '#domain/auth/password_login'
import { endAreaSession } from '#domain/auth/session_policy'
import { loginRefusalMessage } from '#presenters/common/login_refusal'

/**
 * A wrong password re-entered inside the member area that locked the account (or found it
 * locked) ends the session: the member logs in again once the lock is over.
 */
export async function logOutLockedMember(
  ctx: HttpContext,
  refusal: Extract<LoginRefusal, { reason: 'locked' }>
) {
  await ctx.auth.use('member').logout()
  endAreaSession(ctx, 'member')
  ctx.session.flash('error', loginRefusalMessage(refusal, 'member'))
  return ctx.response.redirect().toRoute('public.login.show')
}
