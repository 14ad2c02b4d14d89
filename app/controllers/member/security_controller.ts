import type { HttpContext } from '@adonisjs/core/http'
import { recentLogins, signOutOtherSessions, LOGIN_HISTORY_SIZE } from '#domain/auth/login_history'
import { keepCurrentSession } from '#domain/auth/session_policy'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { loginHistoryRow, type MemberSecurityProps } from '#presenters/member/login_history'
import { passkeysOf } from '#domain/auth/passkey_management'
import { passkeyRow } from '#presenters/member/passkeys'
import { PASSKEY_LIMITS } from '#domain/auth/rate_limits'

/** Account security: recent log-ins, passkeys (member/passkeys_controller), signing out other devices. */
export default class SecurityController {
  async show({ inertia, auth }: HttpContext) {
    const account = auth.use('member').user!
    const logins = await recentLogins(account)
    const passkeys = await passkeysOf(account)
    return inertia.render('member/security', {
      logins: logins.map(loginHistoryRow),
      historySize: LOGIN_HISTORY_SIZE,
      passkeys: passkeys.map(passkeyRow),
      maxPasskeys: PASSKEY_LIMITS.perMember,
      nameMaxLength: PASSKEY_LIMITS.nameMaxLength,
    } satisfies MemberSecurityProps)
  }

  async signOutOthers(ctx: HttpContext) {
    const account = ctx.auth.use('member').user!
    const version = await signOutOtherSessions(account)
    keepCurrentSession(ctx, 'member', version)
    await recordAudit({
      action: 'member.sign_out_others',
      outcome: 'success',
      actorType: 'member',
      memberAccountId: account.id,
      memberId: account.memberId,
      origin: originOf(ctx),
    })
    ctx.session.flash(
      'success',
      'ほかの端末からログアウトしました。この端末はログインしたままです。'
    )
    return ctx.response.redirect().toRoute('member.security')
  }
}
