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
    const stop = async () => {
      await sender.stop()
      this.logger.info('mail sender stopped')
      await this.app.terminate()
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
  }
}
