import type { HttpContext } from '@adonisjs/core/http'
import { assertCardAvailable } from '#domain/members/membership_card'
import { presentCardQr, presentMembershipCard } from '#presenters/member/membership_card'

/** デジタル組合員証: the card page and a fresh signed QR code for the open page. */
export default class MembershipCardController {
  async show({ auth, inertia, response }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    response.header('Cache-Control', 'no-store')
    return inertia.render('member/card', await presentMembershipCard(account))
  }

  async qr({ auth, response }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    assertCardAvailable(account.member)
    response.header('Cache-Control', 'no-store')
    return response.json(await presentCardQr(account.member.memberNumber))
  }
}
