import type { HttpContext } from '@adonisjs/core/http'
import router from '@adonisjs/core/services/router'
import { DateTime } from 'luxon'
import { guideLetterValidator, registrationAccountValidator } from '#validators/public/registration'
import {
  completeRegistration,
  forgetVerifiedMember,
  rememberVerifiedMember,
  startRegistration,
  verifiedAccountId,
  verifyGuideLetter,
} from '#domain/members/registration'
import { lifetimeIn, STEP_WINDOWS } from '#domain/auth/rate_limits'
import { originOf } from '#domain/audit/audit_trail'
import { COOP } from '#domain/common/coop'
import { MIN_PASSWORD_LENGTH } from '#domain/auth/password_policy'
import { throttledMessage } from '#domain/auth/credential_throttle'
import { linkProblem } from '#presenters/public/link_problem'
import MemberAccount from '#models/member_account'
import { mailDelayFor } from '#domain/mail/delivery_history'
import { presentMailDelay } from '#presenters/public/mail_delay'
import type {
  ConfirmedEmailProps,
  CoopPhoneProps,
  RegistrationAccountProps,
  RegistrationHelpProps,
  RegistrationSentProps,
} from '#presenters/public/pages'

/** Whose confirmation mail the "mail sent" page watches (is it late?), and since when. */
const SENT_KEY = 'registration_sent'

const GUIDE_LETTER_REFUSAL = {
  invalid:
    '組合員番号または初期パスワードが正しくありません。「ログイン登録のご案内」をご確認のうえ、もう一度入力してください。',
  already_registered:
    'この組合員番号は、すでにログイン登録が完了しています。登録したメールアドレスでログインしてください。パスワードを忘れた場合は「パスワードをお忘れの方」から再登録できます。',
  withdrawn: `脱退に伴い、マイページのご利用は終了しています。ご不明な点は${COOP.shortName}（TEL：${COOP.phone}）までお電話ください。`,
} as const

export default class RegistrationController {
  async show({ inertia }: HttpContext) {
    return inertia.render('public/register/start', { phone: COOP.phone } satisfies CoopPhoneProps)
  }

  async verify(ctx: HttpContext) {
    const { request, response, session } = ctx
    const { memberNumber, initialPassword } = await request.validateUsing(guideLetterValidator)
    const result = await verifyGuideLetter({ memberNumber, initialPassword, origin: originOf(ctx) })
    if (!result.ok) {
      session.flash('old', { memberNumber })
      session.flash(
        'error',
        result.reason === 'throttled'
          ? throttledMessage(result.retryAfterSeconds)
          : GUIDE_LETTER_REFUSAL[result.reason]
      )
      return response.redirect().toRoute('public.register.show')
    }
    session.regenerate()
    rememberVerifiedMember(session, result.account.id)
    return response.redirect().toRoute('public.register.account')
  }

  #restart(ctx: HttpContext) {
    forgetVerifiedMember(ctx.session)
    ctx.session.flash(
      'error',
      `組合員番号と初期パスワードの確認から、もう一度お進みください（確認から${STEP_WINDOWS.registrationStepMinutes}分が経過したか、確認がまだです）。`
    )
    return ctx.response.redirect().toRoute('public.register.show')
  }

  async account(ctx: HttpContext) {
    if (!verifiedAccountId(ctx.session)) return this.#restart(ctx)
    return ctx.inertia.render('public/register/account', {
      minLength: MIN_PASSWORD_LENGTH,
    } satisfies RegistrationAccountProps)
  }

  async storeAccount(ctx: HttpContext) {
    const { request, response, session } = ctx
    const accountId = verifiedAccountId(session)
    if (!accountId) return this.#restart(ctx)
    const { email, password } = await request.validateUsing(registrationAccountValidator)
    const result = await startRegistration({ accountId, email, password, origin: originOf(ctx) })
    if (!result.ok && result.field !== null) {
      session.flash('old', { email })
      session.flashErrors({ [result.field]: result.message })
      return response.redirect().toRoute('public.register.account')
    }
    forgetVerifiedMember(session)
    if (!result.ok) {
      session.flash('success', result.message)
      return response.redirect().toRoute('public.login.show')
    }
    session.flash('registrationEmail', result.email)
    session.put(SENT_KEY, { accountId, at: Date.now() })
    return response.redirect().toRoute('public.register.sent')
  }

  async sent({ inertia, session }: HttpContext) {
    return inertia.render('public/register/sent', {
      email: (session.flashMessages.get('registrationEmail') as string | undefined) ?? null,
      mailDomain: COOP.mailDomain,
      mailDelay: presentMailDelay('registration_confirm', await this.#confirmationDelay(session)),
      restartUrl: router.makeUrl('public.register.show'),
      phone: COOP.phone,
      linkHours: lifetimeIn('registration', 'hours'),
    } satisfies RegistrationSentProps)
  }

  /** The confirmation mail of the registration this browser started (nothing for anyone else). */
  async #confirmationDelay(session: HttpContext['session']) {
    const sent = session.get(SENT_KEY) as { accountId: number; at: number } | undefined
    if (!sent) return null
    const account = await MemberAccount.find(Number(sent.accountId))
    if (!account || account.registrationState !== 'pending') return null
    return mailDelayFor(
      account.memberId,
      'registration_confirm',
      DateTime.fromMillis(Number(sent.at)).minus({ minutes: 1 })
    )
  }

  async confirm(ctx: HttpContext) {
    const result = await completeRegistration(ctx.params.token, originOf(ctx))
    if (!result.ok) {
      ctx.response.status(result.reason === 'unknown' ? 404 : 410)
      return ctx.inertia.render('public/link_problem', linkProblem('registration', result.reason))
    }
    return ctx.inertia.render('public/register/complete', {
      email: result.email,
    } satisfies ConfirmedEmailProps)
  }

  async help({ inertia }: HttpContext) {
    return inertia.render('public/register/help', {
      mailDomain: COOP.mailDomain,
      phone: COOP.phone,
      coopName: COOP.name,
      linkHours: lifetimeIn('registration', 'hours'),
    } satisfies RegistrationHelpProps)
  }
}
