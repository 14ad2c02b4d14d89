import type { HttpContext } from '@adonisjs/core/http'
import type { RegistrationResponseJSON } from '@simplewebauthn/server'
import {
  newPasskeyValidator,
  parseCredential,
  renamePasskeyValidator,
} from '#validators/member/passkeys'
import { validateForm } from '#validators/validate_form'
import { passkeyRegistrationOptions, registerPasskey } from '#domain/auth/passkey_registration'
import { passkeysOf, removePasskey, renamePasskey } from '#domain/auth/passkey_management'
import { PASSKEY_LIMITS } from '#domain/auth/rate_limits'
import { originOf } from '#domain/audit/audit_trail'
import {
  PASSKEY_LIMIT_MESSAGE,
  passkeyRegistrationRefusal,
  suggestedPasskeyName,
  type NewPasskeyProps,
} from '#presenters/member/passkeys'

/**
 * The member's passkeys (rules: #domain/auth/passkey_registration, passkey_management). Adding
 * and removing sit behind the recent-password check; renaming does not (it changes nothing
 * about who can log in).
 */
export default class PasskeysController {
  async create({ inertia, auth, request }: HttpContext) {
    const passkeys = await passkeysOf(auth.use('member').user!)
    return inertia.render('member/passkey_new', {
      suggestedName: suggestedPasskeyName(request.header('user-agent') ?? null),
      nameMaxLength: PASSKEY_LIMITS.nameMaxLength,
      limitReached: passkeys.length >= PASSKEY_LIMITS.perMember,
      maxPasskeys: PASSKEY_LIMITS.perMember,
    } satisfies NewPasskeyProps)
  }

  /** JSON for @simplewebauthn/browser's startRegistration (the challenge stays in the session). */
  async options({ auth, session, response }: HttpContext) {
    const issued = await passkeyRegistrationOptions({ session, account: auth.use('member').user! })
    if (!issued.ok) return response.status(409).json({ message: PASSKEY_LIMIT_MESSAGE })
    return response.json(issued.options)
  }

  async store(ctx: HttpContext) {
    const { name, credential } = await validateForm(ctx, newPasskeyValidator)
    const outcome = await registerPasskey({
      session: ctx.session,
      account: ctx.auth.use('member').user!,
      name,
      response: parseCredential(credential) as RegistrationResponseJSON | null,
      origin: originOf(ctx),
    })
    if (!outcome.ok) {
      ctx.session.flash('old', { name })
      ctx.session.flash('error', passkeyRegistrationRefusal(outcome))
      return ctx.response.redirect().toRoute('member.passkeys.create')
    }
    ctx.session.flash(
      'success',
      `パスキー「${name}」を登録しました。次回から「パスキーでログイン」を使えます。`
    )
    return ctx.response.redirect().toRoute('member.security')
  }

  async rename(ctx: HttpContext) {
    const [error, input] = await renamePasskeyValidator.tryValidate(ctx.request.all())
    if (error) {
      ctx.session.flash('error', error.messages[0]?.message ?? 'パスキーの名前を入力してください。')
      return ctx.response.redirect().toRoute('member.security')
    }
    const outcome = await renamePasskey({
      account: ctx.auth.use('member').user!,
      passkeyId: Number(ctx.params.id),
      name: input.name,
      origin: originOf(ctx),
    })
    if (!outcome.ok) return ctx.response.notFound()
    ctx.session.flash('success', `パスキーの名前を「${input.name}」に変更しました。`)
    return ctx.response.redirect().toRoute('member.security')
  }

  async destroy(ctx: HttpContext) {
    const outcome = await removePasskey({
      account: ctx.auth.use('member').user!,
      passkeyId: Number(ctx.params.id),
      origin: originOf(ctx),
    })
    if (!outcome.ok) return ctx.response.notFound()
    ctx.session.flash(
      'success',
      `パスキー「${outcome.passkey.name}」を削除しました。パスワードでのログインはこれまでどおりご利用いただけます。`
    )
    return ctx.response.redirect().toRoute('member.security')
  }
}
