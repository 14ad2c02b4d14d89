import type { HttpContext } from '@adonisjs/core/http'
import { listMailbox, mailboxDirectory, readMailboxMessage } from '#services/mailbox'

/** /dev/mailbox: the mails the quick-start mode kept instead of sending (development only). */
export default class MailboxController {
  async index({ view }: HttpContext) {
    const mails = await listMailbox(mailboxDirectory())
    return view.render('development/mailbox', { mails })
  }

  async show({ params, view, response }: HttpContext) {
    const mail = await readMailboxMessage(mailboxDirectory(), params.id)
    if (!mail) return response.notFound('Not found')
    return view.render('development/mailbox_message', { mail })
  }
}
