import type { HttpContext } from '@adonisjs/core/http'
import { COOP } from '#domain/common/coop'
import { faqSections } from '#domain/common/faq'
import type { CoopContactProps, FaqProps } from '#presenters/public/pages'

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
