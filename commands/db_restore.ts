import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace db:restore FILE --force`: replaces the database by a backup of db:backup. Stop every
 * portal instance (and `node ace mail:work`) first; start them again after. The APP_KEY must be
 * the one the backed-up data was written with (initial passwords, TOTP secrets, queued mails).
 */
export default class DbRestore extends BaseCommand {
  static commandName = 'db:restore'
  static description = 'Replace the database by a backup (stop every portal instance first)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'The backup file' })
  declare file: string

  @flags.boolean({ description: 'Confirm that the current data is replaced' })
  declare force: boolean

  async run() {
    if (!this.force) {
      this.logger.error('db:restore replaces every row of the database: add --force to confirm')
      this.exitCode = 1
      return
    }
    const { restoreDatabase } = await import('#services/database_backup')
    try {
      const restored = await restoreDatabase(this.file)
      this.logger.success(`restored from ${restored.path} (${restored.engine})`)
    } catch (error) {
      this.logger.error(`restore failed: ${(error as Error).message}`)
      this.exitCode = 1
    }
  }
}
