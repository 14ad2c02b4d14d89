import type { HttpContext } from '@adonisjs/core/http'
import { presentMemberHome } from '#presenters/member/home'

export default class HomeController {
  async show({ auth, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    return inertia.render('member/home', await presentMemberHome(account))
  }
}
