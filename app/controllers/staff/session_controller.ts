import type { HttpContext } from '@adonisjs/core/http'
import { staffLoginValidator } from '#validators/staff/login'
import { attemptStaffLogin } from '#domain/auth/staff_authentication'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { endAreaSession } from '#domain/auth/session_policy'
import { finishStaffLogin } from '#controllers/staff/finish_staff_login'
import { loginRefusalMessage } from '#presenters/common/login_refusal'
import { awaitTwoStepCode } from '#domain/auth/staff_two_step_login'

export default class SessionController {
  async show({ inertia }: HttpContext) {
    return inertia.render('staff/login')
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    const { loginId, password } = await request.validateUsing(staffLoginValidator)

    const result = await attemptStaffLogin({ loginId, password, origin: originOf(ctx) })
    if (!result.ok) {
      session.flash('old', { loginId })
      session.flash('error', loginRefusalMessage(result, 'staff'))
      return response.redirect().toRoute('staff.login.show')
    }

    // Two-step log-in: with an authenticator app linked, the code comes next (TwoStepController).
    if (awaitTwoStepCode(session, result.account).status === 'code_required') {
      return response.redirect().toRoute('staff.login.code.show')
    }

    return finishStaffLogin(ctx, result.account)
  }

  async destroy(ctx: HttpContext) {
    const staff = ctx.auth.use('staff').getUserOrFail()
    await recordAudit({
      action: 'staff.logout',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: staff.id,
      origin: originOf(ctx),
    })
    await ctx.auth.use('staff').logout()
    endAreaSession(ctx, 'staff')
    // As for members: the old session id is destroyed on the server (a copied cookie
    // opens nothing) and nothing of it (phone-desk checks...) moves to the new one.
    ctx.session.clear()
    ctx.session.regenerate()
    ctx.session.flash('success', 'ログアウトしました。')
    return ctx.response.redirect().toRoute('staff.login.show')
  }
}
