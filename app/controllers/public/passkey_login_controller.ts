import type { HttpContext } from '@adonisjs/core/http'
import type { AuthenticationResponseJSON } from '@simplewebauthn/server'
import { passkeyLoginValidator, parseCredential } from '#validators/member/passkeys'
import { attemptPasskeyLogin, passkeyLoginOptions } from '#domain/auth/passkey_login'
import { originOf } from '#domain/audit/audit_trail'
import { passkeyLoginRefusalMessage } from '#presenters/public/passkey_login'
import { finishMemberLogin } from '#controllers/public/finish_member_login'

/**
 * 「パスキーでログイン」 on the log-in page (rules: #domain/auth/passkey_login). A passkey is
 * bound to this site, so no new-device code is mailed: the log-in finishes at once.
 */
export default class PasskeyLoginController {
  /** JSON for @simplewebauthn/browser's startAuthentication (the challenge stays in the session). */
  async options({ session, response }: HttpContext) {
    return response.json(await passkeyLoginOptions({ session }))
  }

  async store(ctx: HttpContext) {
    const { credential } = await ctx.request.validateUsing(passkeyLoginValidator)
    const result = await attemptPasskeyLogin({
      session: ctx.session,
      response: parseCredential(credential) as AuthenticationResponseJSON | null,
      origin: originOf(ctx),
    })
    if (!result.ok) {
      ctx.session.flash('error', passkeyLoginRefusalMessage(result))
      return ctx.response.redirect().toRoute('public.login.show')
    }
    return finishMemberLogin(ctx, result.account, 'passkey')
  }
}
