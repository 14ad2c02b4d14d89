import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace db:backup [--to FILE]`: a consistent backup of the database while the portal runs
 * (SQLite online backup; PostgreSQL pg_dump). Default: tmp/backups/mypage-<date>-<time>.*
 */
export default class DbBackup extends BaseCommand {
  static commandName = 'db:backup'
  static description = 'Back up the database while the portal runs (SQLite online backup / pg_dump)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'Where to write the backup' })
  declare to?: string

  async run() {
    const { backupDatabase } = await import('#services/database_backup')
    try {
      const backup = await backupDatabase(this.to)
      this.logger.success(
        `backup written: ${backup.path} (${backup.bytes} bytes, ${backup.engine})`
      )
      this.logger.info('APP_KEY is not in the backup: keep it apart, a restore needs it')
    } catch (error) {
      this.logger.error(`backup failed: ${(error as Error).message}`)
      this.exitCode = 1
    }
  }
}
