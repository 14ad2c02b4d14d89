import { errors } from '@vinejs/vine'
import type { HttpContext } from '@adonisjs/core/http'
import { parseFlexibleDate } from '#domain/common/japanese_dates'
import {
  BIRTH_DATE_MESSAGE,
  newPasswordValidator,
  passwordResetRequestValidator,
} from '#validators/public/password_reset'
import { checkResetLink, requestPasswordReset, resetPassword } from '#domain/auth/password_reset'
import { originOf } from '#domain/audit/audit_trail'
import { COOP } from '#domain/common/coop'
import { MIN_PASSWORD_LENGTH } from '#domain/auth/password_policy'
import { throttledMessage } from '#domain/auth/credential_throttle'
import { lifetimeIn } from '#domain/auth/rate_limits'
import { linkProblem } from '#presenters/public/link_problem'
import type {
  CoopPhoneProps,
  PasswordResetProps,
  PasswordResetSentProps,
} from '#presenters/public/pages'

/** パスワードをお忘れの方: request a one-time URL, then set a new password through it. */
export default class PasswordResetController {
  async show({ inertia }: HttpContext) {
    return inertia.render('public/password/forgot', { phone: COOP.phone } satisfies CoopPhoneProps)
  }

  async request(ctx: HttpContext) {
    const { request, response, session } = ctx
    const input = await request.validateUsing(passwordResetRequestValidator)
    const old = { memberNumber: input.memberNumber, email: input.email, birthDate: input.birthDate }
    const birthDate = parseFlexibleDate(input.birthDate)
    if (!birthDate) {
      session.flash('old', old)
      session.flashErrors({ birthDate: BIRTH_DATE_MESSAGE })
      return response.redirect().toRoute('public.password.forgot')
    }
    const result = await requestPasswordReset({
      memberNumber: input.memberNumber,
      email: input.email,
      birthDate,
      origin: originOf(ctx),
    })
    if (!result.ok) {
      session.flash('old', old)
      session.flash('error', throttledMessage(result.retryAfterSeconds))
      return response.redirect().toRoute('public.password.forgot')
    }
    return response.redirect().toRoute('public.password.sent')
  }

  async sent({ inertia }: HttpContext) {
    return inertia.render('public/password/sent', {
      mailDomain: COOP.mailDomain,
      phone: COOP.phone,
      linkMinutes: lifetimeIn('password_reset', 'minutes'),
    } satisfies PasswordResetSentProps)
  }

  async edit(ctx: HttpContext) {
    const link = await checkResetLink(ctx.params.token)
    if (!link.ok) return this.#problem(ctx, link.reason)
    return ctx.inertia.render('public/password/reset', {
      token: ctx.params.token as string,
      minLength: MIN_PASSWORD_LENGTH,
    } satisfies PasswordResetProps)
  }

  async update(ctx: HttpContext) {
    const { request, response, session, params } = ctx
    const link = await checkResetLink(params.token)
    if (!link.ok) return this.#problem(ctx, link.reason)
    let password: string
    try {
      ;({ password } = await request.validateUsing(newPasswordValidator))
    } catch (error) {
      // This page sends no Referer (its path holds the token), so "back" would not find it.
      if (!(error instanceof errors.E_VALIDATION_ERROR)) throw error
      session.flashValidationErrors(error)
      return response.redirect().toRoute('public.password.edit', { token: params.token })
    }
    const result = await resetPassword(params.token, password, originOf(ctx))
    if (!result.ok) {
      if (!('message' in result)) return this.#problem(ctx, result.reason)
      session.flashErrors({ password: result.message })
      return response.redirect().toRoute('public.password.edit', { token: params.token })
    }
    session.flash(
      'success',
      '新しいパスワードを登録しました。新しいパスワードでログインしてください。'
    )
    return response.redirect().toRoute('public.login.show')
  }

  #problem(ctx: HttpContext, reason: 'unknown' | 'expired' | 'used') {
    ctx.response.status(reason === 'unknown' ? 404 : 410)
    return ctx.inertia.render('public/link_problem', linkProblem('password_reset', reason))
  }
}
