import type { HttpContext } from '@adonisjs/core/http'
import MemberPolicy from '#policies/member_policy'
import { staffCardCheckValidator } from '#validators/staff/card_check'
import { checkMembershipCard, tokenFromScan } from '#domain/members/card_check'
import { originOf } from '#domain/audit/audit_trail'
import { presentStaffCardCheck } from '#presenters/staff/card_check'

/**
 * 組合員証の確認 at the desk: a QR reader (it types the URL, then Enter) or the camera of a
 * browser that has BarcodeDetector fills the field; the check is the public page's, recorded
 * with the staff member.
 */
export default class StaffCardCheckController {
  async show(ctx: HttpContext) {
    const { request, inertia, bouncer, response } = ctx
    await bouncer.with(MemberPolicy).authorize('view')
    const { code } = await staffCardCheckValidator.validate(request.qs())
    const outcome = code
      ? await checkMembershipCard({
          token: tokenFromScan(code),
          origin: originOf(ctx),
          staffUserId: ctx.auth.use('staff').user!.id,
        })
      : null
    if (outcome?.status === 'throttled') response.status(429)
    response.header('Cache-Control', 'no-store')
    return inertia.render('staff/card_check', presentStaffCardCheck(code ?? '', outcome))
  }
}
