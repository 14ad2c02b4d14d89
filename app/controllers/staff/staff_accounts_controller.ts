import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#models/staff_user'
import StaffAccountPolicy from '#policies/staff_account_policy'
import {
  createStaffAccountValidator,
  staffPasswordValidator,
  staffRoleValidator,
} from '#validators/staff/staff_accounts'
import {
  changeStaffRole,
  createStaffAccount,
  resetStaffPassword,
  setStaffActive,
  STAFF_ACCOUNT_REFUSALS,
} from '#domain/auth/staff_accounts'
import { originOf } from '#domain/audit/audit_trail'
import { resetStaffTwoStep } from '#domain/auth/staff_totp_enrolment'
import { STAFF_ROLE_LABELS } from '#presenters/common/viewer'
import {
  presentStaffAccounts,
  type StaffAccountPasswordProps,
} from '#presenters/staff/staff_accounts'

/** The admin making the change and the request's origin, for the access log. */
function adminOf(ctx: HttpContext) {
  return { actor: ctx.auth.use('staff').user!, origin: originOf(ctx) }
}

/** A generated password is shown once, on a page that is never cached. */
function showPasswordOnce(ctx: HttpContext, account: StaffUser, password: string) {
  ctx.response.header('Cache-Control', 'no-store, max-age=0')
  ctx.inertia.encryptHistory()
  return ctx.inertia.render('staff/accounts/password', {
    account: { loginId: account.loginId, name: account.name },
    password,
  } satisfies StaffAccountPasswordProps)
}

export default class StaffAccountsController {
  async index(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manage')
    ctx.inertia.clearHistory()
    const accounts = await StaffUser.query().orderBy('is_active', 'desc').orderBy('login_id')
    return ctx.inertia.render(
      'staff/accounts/index',
      presentStaffAccounts(accounts, ctx.auth.use('staff').user!)
    )
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manage')
    const input = await ctx.request.validateUsing(createStaffAccountValidator)
    const { account, generatedPassword } = await createStaffAccount({ ...adminOf(ctx), input })
    if (generatedPassword) return showPasswordOnce(ctx, account, generatedPassword)
    ctx.session.flash('success', `職員アカウント「${account.loginId}」を作成しました。`)
    return ctx.response.redirect().toRoute('staff.accounts.index')
  }

  private async target(ctx: HttpContext) {
    return StaffUser.findOrFail(Number(ctx.params.id) || 0)
  }

  async changeRole(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manage')
    const target = await this.target(ctx)
    const { role } = await ctx.request.validateUsing(staffRoleValidator)
    const result = await changeStaffRole({ ...adminOf(ctx), target, role })
    if (!result.ok) {
      ctx.session.flash('error', STAFF_ACCOUNT_REFUSALS[result.reason])
      return ctx.response.redirect().toRoute('staff.accounts.index')
    }
    ctx.session.flash(
      'success',
      `「${target.loginId}」の権限を${STAFF_ROLE_LABELS[role]}に変更しました。`
    )
    return ctx.response.redirect().toRoute('staff.accounts.index')
  }

  async deactivate(ctx: HttpContext) {
    return this.setActive(ctx, false)
  }

  async reactivate(ctx: HttpContext) {
    return this.setActive(ctx, true)
  }

  private async setActive(ctx: HttpContext, active: boolean) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manage')
    const target = await this.target(ctx)
    const result = await setStaffActive({ ...adminOf(ctx), target, active })
    if (!result.ok) {
      ctx.session.flash('error', STAFF_ACCOUNT_REFUSALS[result.reason])
      return ctx.response.redirect().toRoute('staff.accounts.index')
    }
    ctx.session.flash(
      'success',
      active
        ? `「${target.loginId}」の利用を再開しました。`
        : `「${target.loginId}」を利用停止にしました。`
    )
    return ctx.response.redirect().toRoute('staff.accounts.index')
  }

  async resetPassword(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manage')
    const target = await this.target(ctx)
    const { password } = await ctx.request.validateUsing(staffPasswordValidator)
    const generated = await resetStaffPassword({ ...adminOf(ctx), target, password })
    if (generated) return showPasswordOnce(ctx, target, generated)
    ctx.session.flash('success', `「${target.loginId}」のパスワードを再設定しました。`)
    return ctx.response.redirect().toRoute('staff.accounts.index')
  }

  /** A staff member who lost their phone: the admin removes the linked app (they link a new one). */
  async resetTwoStep(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manage')
    const target = await this.target(ctx)
    const outcome = await resetStaffTwoStep({ ...adminOf(ctx), target })
    if (outcome.status === 'not_enrolled') {
      ctx.session.flash('error', `「${target.loginId}」は2段階認証を設定していません。`)
    } else {
      ctx.session.flash(
        'success',
        `「${target.loginId}」の2段階認証を解除しました。次回ログイン後に設定し直してもらってください。`
      )
    }
    return ctx.response.redirect().toRoute('staff.accounts.index')
  }
}
