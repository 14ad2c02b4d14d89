import type { HttpContext } from '@adonisjs/core/http'
import { emailChangeValidator, passwordChangeValidator } from '#validators/member/credentials'
import { changePassword } from '#domain/auth/password_change'
import { requestEmailChange } from '#domain/members/email_change'
import { originOf } from '#domain/audit/audit_trail'
import { keepCurrentSession } from '#domain/auth/session_policy'
import { lifetimeIn } from '#domain/auth/rate_limits'
import { logOutLockedMember } from '#controllers/member/locked_member'
import { MIN_PASSWORD_LENGTH } from '#domain/auth/password_policy'
import {
  PASSWORD_CHANGED,
  passwordChangeRefusal,
  type EmailChangeProps,
  type PasswordChangeProps,
} from '#presenters/member/credentials'

/** Password change and e-mail change (the log-in ID), reached from 登録情報. */
export default class CredentialsController {
  async editPassword({ inertia }: HttpContext) {
    return inertia.render('member/password', {
      minLength: MIN_PASSWORD_LENGTH,
    } satisfies PasswordChangeProps)
  }

  async updatePassword(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const account = auth.use('member').user!
    const { currentPassword, password } = await request.validateUsing(passwordChangeValidator)
    const result = await changePassword(account, {
      currentPassword,
      newPassword: password,
      origin: originOf(ctx),
    })
    if (result.ok) {
      keepCurrentSession(ctx, 'member', account.sessionVersion)
      session.flash('success', PASSWORD_CHANGED)
      return response.redirect().toRoute('member.password.edit')
    }
    if (result.reason === 'locked') return logOutLockedMember(ctx, result)
    const refusal = passwordChangeRefusal(result)
    if (refusal.field) session.flashErrors({ [refusal.field]: refusal.message })
    else session.flash('error', refusal.message)
    return response.redirect().toRoute('member.password.edit')
  }

  async editEmail({ inertia, auth }: HttpContext) {
    const account = auth.use('member').user!
    return inertia.render('member/email', {
      currentEmail: account.email ?? '',
      pendingEmail: account.pendingEmail,
    } satisfies EmailChangeProps)
  }

  async updateEmail(ctx: HttpContext) {
    const { request, response, session, auth } = ctx
    const account = auth.use('member').user!
    const { email } = await request.validateUsing(emailChangeValidator)
    const result = await requestEmailChange(account, email, originOf(ctx))
    if (!result.ok) {
      session.flash('old', { email })
      if (result.reason === 'throttled') session.flash('error', result.message)
      else session.flashErrors({ email: result.message })
      return response.redirect().toRoute('member.email.edit')
    }
    session.flash(
      'success',
      `${result.email} あてに確認メールを送信しました。メールに記載のURLを${lifetimeIn('email_change', 'hours')}時間以内に開くと、変更が完了します。`
    )
    return response.redirect().toRoute('member.email.edit')
  }
}
