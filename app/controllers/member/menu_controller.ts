import type { HttpContext } from '@adonisjs/core/http'

/**
 * The メニュー page: every member page by group (the list is the shared `viewer.menu`,
 * app/presenters/member/menu.ts). The bottom tab bar's last tab links here, so every page is
 * two taps away on a phone, with or without JavaScript.
 */
export default class MenuController {
  async show({ inertia }: HttpContext) {
    return inertia.render('member/menu')
  }
}
