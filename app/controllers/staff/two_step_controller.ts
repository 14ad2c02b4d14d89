import type { HttpContext } from '@adonisjs/core/http'
import StaffAccountPolicy from '#policies/staff_account_policy'
import { totpCodeValidator } from '#validators/staff/totp'
import { twoStepRequired } from '#domain/auth/staff_totp'
import { pendingTwoStepStaff, verifyTwoStepLogin } from '#domain/auth/staff_two_step_login'
import { enrolTwoStep, removeOwnTwoStep, twoStepSettings } from '#domain/auth/staff_totp_enrolment'
import { originOf } from '#domain/audit/audit_trail'
import { finishStaffLogin } from '#controllers/staff/finish_staff_login'
import {
  TWO_STEP_ENROLMENT_MESSAGES,
  TWO_STEP_LOGIN_MESSAGES,
  TWO_STEP_REMOVAL_MESSAGES,
} from '#presenters/staff/staff_accounts'
import type { StaffSecurityProps } from '#presenters/staff/staff_accounts'

/**
 * Staff two-step log-in (TOTP): the code step after a correct password, and the enrolment
 * page where a staff member links an authenticator app (QR code) or removes it.
 */
export default class TwoStepController {
  #logInAgain(ctx: HttpContext) {
    ctx.session.flash('error', 'もう一度、職員IDとパスワードでログインしてください。')
    return ctx.response.redirect().toRoute('staff.login.show')
  }

  async show(ctx: HttpContext) {
    if (!(await pendingTwoStepStaff(ctx.session))) return this.#logInAgain(ctx)
    return ctx.inertia.render('staff/login_code')
  }

  async verify(ctx: HttpContext) {
    const staff = await pendingTwoStepStaff(ctx.session)
    if (!staff) return this.#logInAgain(ctx)
    const { code } = await ctx.request.validateUsing(totpCodeValidator)
    const outcome = await verifyTwoStepLogin({
      session: ctx.session,
      staff,
      code,
      origin: originOf(ctx),
    })
    if (outcome.status === 'verified') return finishStaffLogin(ctx, staff)
    ctx.session.flash('error', TWO_STEP_LOGIN_MESSAGES[outcome.status])
    return ctx.response.redirect().toRoute('staff.login.code.show')
  }

  async settings(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manageOwnTwoStep')
    const settings = await twoStepSettings({
      session: ctx.session,
      staff: ctx.auth.use('staff').user!,
    })
    if (!settings.enabled) {
      // The page shows the secret being linked: never cached, not kept readable in history.
      ctx.response.header('Cache-Control', 'no-store, max-age=0')
      ctx.inertia.encryptHistory()
    }
    return ctx.inertia.render('staff/security', {
      enabled: settings.enabled,
      required: twoStepRequired(),
      enrolment: settings.enabled ? null : settings.enrolment,
    } satisfies StaffSecurityProps)
  }

  async enrol(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manageOwnTwoStep')
    const { code } = await ctx.request.validateUsing(totpCodeValidator)
    const outcome = await enrolTwoStep({
      session: ctx.session,
      staff: ctx.auth.use('staff').user!,
      code,
      origin: originOf(ctx),
    })
    const message = TWO_STEP_ENROLMENT_MESSAGES[outcome.status]
    if (message) ctx.session.flash(message.type, message.text)
    return ctx.response.redirect().toRoute('staff.security')
  }

  async remove(ctx: HttpContext) {
    await ctx.bouncer.with(StaffAccountPolicy).authorize('manageOwnTwoStep')
    const { code } = await ctx.request.validateUsing(totpCodeValidator)
    const outcome = await removeOwnTwoStep({
      staff: ctx.auth.use('staff').user!,
      code,
      origin: originOf(ctx),
    })
    const message = TWO_STEP_REMOVAL_MESSAGES[outcome.status]
    ctx.session.flash(message.type, message.text)
    return ctx.response.redirect().toRoute('staff.security')
  }
}
