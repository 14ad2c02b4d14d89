import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, transports } from '@adonisjs/mail'
import { MailboxTransport, mailboxDirectory } from '#services/mailbox'

const smtpHost = env.get('SMTP_HOST')

/*
 * Production sends through SMTP and refuses to start without it: a portal
 * whose registration and password-reset mails silently go nowhere is broken.
 * Elsewhere, without SMTP, every mail is kept in tmp/mailbox and readable at
 * /dev/mailbox.
 */
if (app.inProduction && !smtpHost) {
  throw new Error(
    'SMTP_HOST is not set. Production mode (NODE_ENV=production) sends mail through SMTP: set SMTP_HOST, SMTP_PORT, SMTP_USERNAME and SMTP_PASSWORD.'
  )
}

const mailConfig = defineConfig({
  default: smtpHost ? 'smtp' : 'mailbox',

  from: {
    address: env.get('MAIL_FROM_ADDRESS', 'noreply@kmypage.jp'),
    name: env.get('MAIL_FROM_NAME', '学校生協 マイページ'),
  },

  mailers: {
    smtp: transports.smtp({
      host: smtpHost ?? 'localhost',
      // nodemailer waits up to 2 min for a connection and 10 min on a silent socket by default:
      // a sender stuck that long holds its claimed mails past their lease.
      ...({
        connectionTimeout: env.get('SMTP_TIMEOUT_MS', 15_000),
        greetingTimeout: env.get('SMTP_TIMEOUT_MS', 15_000),
        socketTimeout: env.get('SMTP_TIMEOUT_MS', 15_000) * 2,
      } as {}),
      port: env.get('SMTP_PORT', 587),
      secure: env.get('SMTP_SECURE', false),
      auth: env.get('SMTP_USERNAME')
        ? {
            type: 'login',
            user: env.get('SMTP_USERNAME')!,
            pass: env.get('SMTP_PASSWORD', ''),
          }
        : undefined,
    }),
    mailbox: () => new MailboxTransport(mailboxDirectory()),
  },
})

export default mailConfig

declare module '@adonisjs/mail/types' {
  export interface MailersList extends InferMailers<typeof mailConfig> {}
}
