import type { HttpContext } from '@adonisjs/core/http'
import { COOP } from '#domain/coop'
import { faqSections } from '#domain/faq'

/** The public pages that explain: FAQ, forgotten e-mail address. */
export default class PagesController {
  async faq({ inertia }: HttpContext) {
    return inertia.render('public/faq', { sections: faqSections() })
  }

  async forgotEmail({ inertia }: HttpContext) {
    return inertia.render('public/forgot_email', { phone: COOP.phone, coopName: COOP.name })
  }
}
