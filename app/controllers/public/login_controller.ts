import type { HttpContext } from '@adonisjs/core/http'
import { memberLoginValidator } from '#validators/public/login'
import { attemptMemberLogin } from '#domain/auth/member_authentication'
import { originOf } from '#domain/audit/audit_trail'
import { DEVICE_COOKIE } from '#domain/auth/member_devices'
import { challengeNewDevice } from '#domain/auth/new_device_login_code'
import { loginRefusalMessage } from '#presenters/common/login_refusal'
import { finishMemberLogin } from '#controllers/public/finish_member_login'

export default class LoginController {
  async show({ inertia }: HttpContext) {
    return inertia.render('public/login')
  }

  async store(ctx: HttpContext) {
    const { request, response, session } = ctx
    const { email, password } = await request.validateUsing(memberLoginValidator)

    const result = await attemptMemberLogin({ email, password, origin: originOf(ctx) })
    if (!result.ok) {
      session.flash('old', { email })
      session.flash('error', loginRefusalMessage(result, 'member'))
      return response.redirect().toRoute('public.login.show')
    }

    // A browser not seen before for this account must also give the code mailed to the member.
    const device = await challengeNewDevice({
      session,
      account: result.account,
      deviceId: request.cookie(DEVICE_COOKIE),
    })
    if (device.status === 'code_sent') return response.redirect().toRoute('public.login.code')
    return finishMemberLogin(ctx, result.account)
  }
}
