import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import MemberAccount from '#models/member_account'
import { loginCodeValidator } from '#validators/member/credentials'
import { verifyLoginCode, MAX_CODE_ATTEMPTS } from '#domain/auth/one_time_tokens'
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE,
  maskEmail,
  MAX_CODE_RESENDS,
  rememberDevice,
  resendLoginCode,
} from '#domain/auth/member_devices'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { COOP } from '#domain/common/coop'
import {
  claimAttempt,
  settleAttempt,
  throttledMessage,
  type CredentialLimit,
} from '#domain/auth/credential_throttle'
import { finishMemberLogin, LOGIN_CHALLENGE_KEY } from '#controllers/public/finish_member_login'
import { mailDelayFor } from '#domain/mail/delivery_history'
import { presentMailDelay } from '#presenters/public/mail_delay'
import type { LoginCodeProps } from '#presenters/public/pages'

const CHALLENGE_MINUTES = 10

export const CODE_FAILURES_PER_ACCOUNT = 10

function codeLimits(accountId: number): CredentialLimit[] {
  return [
    {
      key: `login_code:${accountId}`,
      requests: CODE_FAILURES_PER_ACCOUNT,
      duration: '1 hour',
      block: '1 hour',
    },
  ]
}

interface Challenge {
  accountId: number
  at: number
}

export default class LoginCodeController {
  async #challenge(ctx: HttpContext) {
    const challenge = ctx.session.get(LOGIN_CHALLENGE_KEY) as Challenge | undefined
    if (!challenge || Date.now() - challenge.at > CHALLENGE_MINUTES * 60 * 1000) return null
    const account = await MemberAccount.find(challenge.accountId)
    return account && account.isRegistered ? { challenge, account } : null
  }

  #restart(ctx: HttpContext, message: string) {
    ctx.session.forget(LOGIN_CHALLENGE_KEY)
    ctx.session.flash('error', message)
    return ctx.response.redirect().toRoute('public.login.show')
  }

  async show(ctx: HttpContext) {
    const found = await this.#challenge(ctx)
    if (!found) {
      return this.#restart(ctx, 'もう一度、メールアドレスとパスワードでログインしてください。')
    }
    // The code mailed for this challenge (or its latest resend): late, refused or expired?
    const delay = await mailDelayFor(
      found.account.memberId,
      'login_code',
      DateTime.fromMillis(found.challenge.at).minus({ minutes: 1 })
    )
    return ctx.inertia.render('public/login_code', {
      mailDelay: presentMailDelay('login_code', delay),
      sentTo: maskEmail(found.account.email!),
      minutes: CHALLENGE_MINUTES,
      maxAttempts: MAX_CODE_ATTEMPTS,
      mailDomain: COOP.mailDomain,
    } satisfies LoginCodeProps)
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    const found = await this.#challenge(ctx)
    if (!found) {
      return this.#restart(
        ctx,
        '認証コードの有効期限が切れました。もう一度、メールアドレスとパスワードでログインしてください。'
      )
    }
    const { code } = await request.validateUsing(loginCodeValidator)
    // Each log-in gives a new code with 5 tries; this limit stops many log-ins x 5 tries.
    const limits = codeLimits(found.account.id)
    const state = await claimAttempt(limits)
    if (state.blocked) {
      return this.#restart(ctx, throttledMessage(state.retryAfterSeconds))
    }
    const result = await verifyLoginCode(found.account.id, code)
    await settleAttempt(limits, result.ok ? 'given_back' : 'counted')
    await recordAudit({
      action: 'member.login_code',
      outcome: result.ok ? 'success' : 'failure',
      actorType: 'member',
      memberAccountId: found.account.id,
      memberId: found.account.memberId,
      origin: originOf(ctx),
      details: result.ok ? undefined : { reason: result.reason },
    })
    if (!result.ok) {
      if (result.reason === 'wrong') {
        session.flashErrors({
          code: `認証コードが正しくありません。メールに記載の6桁の数字を入力してください（あと${result.attemptsLeft}回）。`,
        })
        return response.redirect().toRoute('public.login.code')
      }
      return this.#restart(
        ctx,
        result.reason === 'exhausted'
          ? '認証コードを続けて間違えたため、このコードは使えなくなりました。もう一度ログインしてください。'
          : '認証コードの有効期限が切れました。もう一度、メールアドレスとパスワードでログインしてください。'
      )
    }

    session.forget(LOGIN_CHALLENGE_KEY)
    const deviceId = await rememberDevice(
      found.account.id,
      request.cookie(DEVICE_COOKIE),
      originOf(ctx).userAgent
    )
    response.cookie(DEVICE_COOKIE, deviceId, {
      maxAge: DEVICE_COOKIE_MAX_AGE,
      httpOnly: true,
      sameSite: 'lax',
    })
    return finishMemberLogin(ctx, found.account)
  }

  async resend(ctx: HttpContext) {
    const found = await this.#challenge(ctx)
    if (!found) {
      return this.#restart(ctx, 'もう一度、メールアドレスとパスワードでログインしてください。')
    }
    if (!(await resendLoginCode(found.account))) {
      ctx.session.flash(
        'error',
        `認証コードの再送信は${MAX_CODE_RESENDS}回までです。メールが届かない場合は、迷惑メールフォルダや受信設定をご確認ください。`
      )
      return ctx.response.redirect().toRoute('public.login.code')
    }
    ctx.session.put(LOGIN_CHALLENGE_KEY, { ...found.challenge, at: Date.now() })
    ctx.session.flash('success', '認証コードを再送信しました。前のコードは使えなくなりました。')
    return ctx.response.redirect().toRoute('public.login.code')
  }
}
