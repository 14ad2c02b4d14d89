import type { HttpContext } from '@adonisjs/core/http'
import { COOP } from '#domain/coop'
import { faqSections } from '#domain/faq'
import type { CoopContactProps, FaqProps } from '#presenters/public_pages'

/** The public pages that explain: FAQ, forgotten e-mail address. */
export default class PagesController {
  async faq({ inertia }: HttpContext) {
    return inertia.render('public/faq', { sections: faqSections() } satisfies FaqProps)
  }

  async forgotEmail({ inertia }: HttpContext) {
    return inertia.render('public/forgot_email', {
      phone: COOP.phone,
      coopName: COOP.name,
    } satisfies CoopContactProps)
  }
}
