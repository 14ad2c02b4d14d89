import type { HttpContext } from '@adonisjs/core/http'
import { loadMemberHome } from '#domain/members/member_home'
import { presentMemberHome } from '#presenters/member/home'

export default class HomeController {
  async show({ auth, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const home = await loadMemberHome(account)
    return inertia.render('member/home', presentMemberHome(account.member, home))
  }
}
