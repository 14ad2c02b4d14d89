import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace mail:work`: a sender of the outbox on its own, for production setups that run
 * the web instances with MAIL_SENDER=off. Runs until SIGTERM / SIGINT, then gives back the
 * mails it had claimed and not yet handed to the server.
 */
export default class MailWork extends BaseCommand {
  static commandName = 'mail:work'
  static description = 'Send the mails of the outbox until stopped (SIGTERM / SIGINT)'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  async run() {
    const { startMailSender } = await import('#domain/mail/mail_sender')
    const sender = startMailSender()
    this.logger.info(`mail sender ${sender.senderId} started`)
    // bin/console.ts already terminates the app on SIGTERM. The sender stops in a terminating
    // hook, which runs before the providers close the database and the mail transports: a
    // mail being handed over is settled, the rest given back, then the connections close.
    // (A second SIGTERM listener here raced that shutdown and could leave the process hanging.)
    this.app.terminating(async () => {
      await sender.stop()
      this.logger.info('mail sender stopped')
    })
    process.once('SIGINT', () => this.app.terminate())
  }
}
