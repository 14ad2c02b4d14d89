/*
| In every web instance: the outbox sender (app/domain/mail/mail_sender.ts) runs in the
| process, woken by each committed mail and every MAIL_POLL_INTERVAL_MS. MAIL_SENDER=off
| leaves sending to `node ace mail:work` processes. Several senders never send one mail twice.
*/
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { startMailSender } from '#domain/mail/mail_sender'

if (env.get('MAIL_SENDER', 'in-process') === 'in-process') {
  const sender = startMailSender()
  app.terminating(() => sender.stop())
}
