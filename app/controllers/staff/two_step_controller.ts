import type { HttpContext } from '@adonisjs/core/http'
import StaffUser from '#models/staff_user'
import StaffAccountPolicy from '#policies/staff_account_policy'
import { totpCodeValidator } from '#validators/staff/totp'
import {
  confirmTotpEnrolment,
  enrolmentOf,
  hasTotp,
  newTotpSecret,
  checkStaffCode,
  removeTotp,
  TOTP_BLOCK_MINUTES,
  twoStepRequired,
} from '#domain/auth/staff_totp'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { finishStaffLogin } from '#controllers/staff/finish_staff_login'
import type { StaffSecurityProps } from '#presenters/staff/staff_accounts'

const PENDING_KEY = 'staff_totp_pending'
const ENROLMENT_KEY = 'staff_totp_enrolment'
const PENDING_MS = 5 * 60 * 1000

/**
 * Staff two-step log-in (TOTP): the code step after a correct password, and the enrolment
 * page where a staff member links an authenticator app (QR code) or removes it.
 */
export default class TwoStepController {
  private async pendingStaff(ctx: HttpContext) {
    const pending = ctx.session.get(PENDING_KEY) as { staffUserId: number; at: number } | undefined
    if (!pending || Date.now() - pending.at > PENDING_MS) return null
    const staff = await StaffUser.find(pending.staffUserId)
    return staff && staff.isActive && hasTotp(staff) ? staff : null
  }

  async show(ctx: HttpContext) {
    if (!(await this.pendingStaff(ctx))) {
      ctx.session.forget(PENDING_KEY)
      ctx.session.flash('error', 'もう一度、職員IDとパスワードでログインしてください。')
      return ctx.response.redirect().toRoute('staff.login.show')
    }
    return ctx.inertia.render('staff/login_code')
  }

  async verify(ctx: HttpContext) {
    const { session, response, request } = ctx
    const staff = await this.pendingStaff(ctx)
    if (!staff) {
      session.forget(PENDING_KEY)
      session.flash('error', 'もう一度、職員IDとパスワードでログインしてください。')
      return response.redirect().toRoute('staff.login.show')
    }
    const { code } = await request.validateUsing(totpCodeValidator)
    const check = await checkStaffCode(staff, code)
    if (check.ok === false && check.reason === 'throttled') {
      session.flash(
        'error',
        `確認コードの誤りが続いたため、しばらくログインできません。${TOTP_BLOCK_MINUTES}分ほどお待ちください。`
      )
      return response.redirect().toRoute('staff.login.code.show')
    }
    await recordAudit({
      action: 'staff.login_code',
      outcome: check.ok ? 'success' : 'failure',
      actorType: 'staff',
      staffUserId: staff.id,
      origin: originOf(ctx),
    })
    if (!check.ok) {
      session.flash(
        'error',
        '確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。'
      )
      return response.redirect().toRoute('staff.login.code.show')
    }
    session.forget(PENDING_KEY)
    return finishStaffLogin(ctx, staff)
  }

  async settings(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manageOwnTwoStep')
    const staff = ctx.auth.use('staff').user!
    if (hasTotp(staff)) {
      ctx.session.forget(ENROLMENT_KEY)
      return ctx.inertia.render('staff/security', {
        enabled: true,
        required: twoStepRequired(),
        enrolment: null,
      } satisfies StaffSecurityProps)
    }
    let secret = ctx.session.get(ENROLMENT_KEY) as string | undefined
    if (!secret) {
      secret = newTotpSecret()
      ctx.session.put(ENROLMENT_KEY, secret)
    }
    ctx.response.header('Cache-Control', 'no-store, max-age=0')
    ctx.inertia.encryptHistory()
    return ctx.inertia.render('staff/security', {
      enabled: false,
      required: twoStepRequired(),
      enrolment: await enrolmentOf(staff, secret),
    } satisfies StaffSecurityProps)
  }

  async enrol(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manageOwnTwoStep')
    const staff = ctx.auth.use('staff').user!
    const secret = ctx.session.get(ENROLMENT_KEY) as string | undefined
    const { code } = await ctx.request.validateUsing(totpCodeValidator)
    if (hasTotp(staff) || !secret) return ctx.response.redirect().toRoute('staff.security')
    if (!(await confirmTotpEnrolment(staff, secret, code))) {
      ctx.session.flash(
        'error',
        '確認コードが正しくありません。アプリに表示されている6桁の数字を入力してください。'
      )
      return ctx.response.redirect().toRoute('staff.security')
    }
    ctx.session.forget(ENROLMENT_KEY)
    await recordAudit({
      action: 'staff.two_step.enabled',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: staff.id,
      origin: originOf(ctx),
    })
    ctx.session.flash(
      'success',
      '2段階認証を設定しました。次回のログインから確認コードが必要です。'
    )
    return ctx.response.redirect().toRoute('staff.security')
  }

  async remove(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manageOwnTwoStep')
    const staff = ctx.auth.use('staff').user!
    if (twoStepRequired()) {
      ctx.session.flash(
        'error',
        'この環境では2段階認証が必須のため、解除できません。端末を替える場合は管理者に解除を依頼してください。'
      )
      return ctx.response.redirect().toRoute('staff.security')
    }
    const { code } = await ctx.request.validateUsing(totpCodeValidator)
    const check = await checkStaffCode(staff, code)
    if (check.ok === false && check.reason === 'throttled') {
      ctx.session.flash(
        'error',
        `確認コードの誤りが続いたため、しばらく2段階認証を解除できません。${TOTP_BLOCK_MINUTES}分ほどお待ちください。`
      )
      return ctx.response.redirect().toRoute('staff.security')
    }
    if (!check.ok) {
      await recordAudit({
        action: 'staff.two_step.disabled',
        outcome: 'failure',
        actorType: 'staff',
        staffUserId: staff.id,
        origin: originOf(ctx),
      })
      ctx.session.flash(
        'error',
        '確認コードが正しくありません。解除するには、現在の確認コードを入力してください。'
      )
      return ctx.response.redirect().toRoute('staff.security')
    }
    await removeTotp(staff)
    await recordAudit({
      action: 'staff.two_step.disabled',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: staff.id,
      origin: originOf(ctx),
    })
    ctx.session.flash('success', '2段階認証を解除しました。')
    return ctx.response.redirect().toRoute('staff.security')
  }
}
