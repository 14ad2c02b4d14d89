import type { HttpContext } from '@adonisjs/core/http'
import { Exception } from '@adonisjs/core/exceptions'
import { COOP } from '#domain/common/coop'
import { JOINING_FORMS, joiningFormKind, joiningFormPdf } from '#documents/joining_forms'
import { sendPdf } from '#documents/download'
import type { CoopContactProps, JoiningProps } from '#presenters/public/pages'
import { routeUrl } from '#services/named_routes'

/** Public explanations: recommended environment, privacy, joining/withdrawing on paper. */
export default class InformationController {
  async environment({ inertia }: HttpContext) {
    return inertia.render('public/environment', {
      coopName: COOP.name,
      phone: COOP.phone,
    } satisfies CoopContactProps)
  }

  async privacy({ inertia }: HttpContext) {
    return inertia.render('public/privacy', {
      coopName: COOP.name,
      phone: COOP.phone,
    } satisfies CoopContactProps)
  }

  async joining({ inertia }: HttpContext) {
    return inertia.render('public/joining', {
      coopName: COOP.name,
      phone: COOP.phone,
      fax: COOP.fax,
      forms: [
        {
          title: JOINING_FORMS.application.title,
          href: routeUrl('public.joining.form', { file: 'application.pdf' }),
        },
        {
          title: JOINING_FORMS.withdrawal.title,
          href: routeUrl('public.joining.form', { file: 'withdrawal.pdf' }),
        },
      ],
    } satisfies JoiningProps)
  }

  async form({ params, response }: HttpContext) {
    const kind = joiningFormKind(params.file)
    if (!kind) throw new Exception('Form not found', { status: 404 })
    return sendPdf(response, JOINING_FORMS[kind].filename, await joiningFormPdf(kind))
  }
}
