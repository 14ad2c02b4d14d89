import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import { loginCodeValidator } from '#validators/member/credentials'
import { DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, maskEmail } from '#domain/auth/member_devices'
import {
  openLoginCodeChallenge,
  resendNewDeviceCode,
  verifyNewDeviceCode,
} from '#domain/auth/new_device_login_code'
import { LOGIN_CODE_TRIES, STEP_WINDOWS } from '#domain/auth/rate_limits'
import { originOf } from '#domain/audit/audit_trail'
import { COOP } from '#domain/common/coop'
import { finishMemberLogin } from '#controllers/public/finish_member_login'
import { mailDelayFor } from '#domain/mail/delivery_history'
import { presentMailDelay } from '#presenters/public/mail_delay'
import type { LoginCodeProps } from '#presenters/public/pages'
import {
  LOG_IN_AGAIN,
  LOGIN_CODE_EXPIRED,
  LOGIN_CODE_RESEND_LIMIT,
  loginCodeRestartMessage,
  wrongLoginCodeMessage,
} from '#presenters/public/login_code'

const DEVICE_COOKIE_OPTIONS = {
  maxAge: DEVICE_COOKIE_MAX_AGE,
  httpOnly: true,
  sameSite: 'lax',
} as const

/** The code mailed for a log-in from a new device (rules: #domain/auth/new_device_login_code). */
export default class LoginCodeController {
  #restart(ctx: HttpContext, message: string) {
    ctx.session.flash('error', message)
    return ctx.response.redirect().toRoute('public.login.show')
  }

  async show(ctx: HttpContext) {
    const challenge = await openLoginCodeChallenge(ctx.session)
    if (!challenge) return this.#restart(ctx, LOG_IN_AGAIN)
    // The code mailed for this challenge (or its latest resend): late, refused or expired?
    const delay = await mailDelayFor(
      challenge.account.memberId,
      'login_code',
      DateTime.fromMillis(challenge.startedAt).minus({ minutes: 1 })
    )
    return ctx.inertia.render('public/login_code', {
      mailDelay: presentMailDelay('login_code', delay),
      sentTo: maskEmail(challenge.account.email!),
      minutes: STEP_WINDOWS.memberLoginCodeMinutes,
      maxAttempts: LOGIN_CODE_TRIES,
      mailDomain: COOP.mailDomain,
    } satisfies LoginCodeProps)
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    const challenge = await openLoginCodeChallenge(session)
    if (!challenge) return this.#restart(ctx, LOGIN_CODE_EXPIRED)
    const { code } = await request.validateUsing(loginCodeValidator)
    const outcome = await verifyNewDeviceCode({
      session,
      challenge,
      code,
      deviceId: request.cookie(DEVICE_COOKIE),
      origin: originOf(ctx),
    })
    if (outcome.status === 'verified') {
      response.cookie(DEVICE_COOKIE, outcome.deviceId, DEVICE_COOKIE_OPTIONS)
      return finishMemberLogin(ctx, outcome.account)
    }
    if (outcome.status === 'wrong') {
      session.flashErrors({ code: wrongLoginCodeMessage(outcome.attemptsLeft) })
      return response.redirect().toRoute('public.login.code')
    }
    return this.#restart(ctx, loginCodeRestartMessage(outcome))
  }

  async resend(ctx: HttpContext) {
    const challenge = await openLoginCodeChallenge(ctx.session)
    if (!challenge) return this.#restart(ctx, LOG_IN_AGAIN)
    const outcome = await resendNewDeviceCode({ session: ctx.session, challenge })
    if (outcome.status === 'limit_reached') {
      ctx.session.flash('error', LOGIN_CODE_RESEND_LIMIT)
    } else {
      ctx.session.flash('success', '認証コードを再送信しました。前のコードは使えなくなりました。')
    }
    return ctx.response.redirect().toRoute('public.login.code')
  }
}
