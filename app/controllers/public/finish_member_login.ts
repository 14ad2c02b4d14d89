import type { HttpContext } from '@adonisjs/core/http'
import type MemberAccount from '#models/member_account'
import { startAreaSession } from '#domain/auth/session_policy'
import { sameSitePath } from '#domain/auth/safe_redirect'
import { recordLastLogin } from '#domain/auth/last_login'
import { rememberLoginMethod, type MemberLoginMethod } from '#domain/auth/password_reentry'

/**
 * The last step of a member log-in (after the password, and after the mailed
 * code on a new device; or after a passkey): the session becomes a member session (the guard
 * regenerates the session id), the log-in time is recorded, and the member goes where they were heading.
 */
export async function finishMemberLogin(
  ctx: HttpContext,
  account: MemberAccount,
  method: MemberLoginMethod = 'password'
) {
  const { auth, session, response } = ctx
  await auth.use('member').login(account)
  startAreaSession(ctx, 'member', account.sessionVersion)
  rememberLoginMethod(session, method)
  await recordLastLogin('member', account.id)
  const intended = sameSitePath(session.pull('member_intended_url'))
  return intended ? response.redirect(intended) : response.redirect().toRoute('member.home')
}
