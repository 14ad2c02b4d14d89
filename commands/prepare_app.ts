import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import db from '@adonisjs/lucid/services/db'

/**
 * `node ace app:prepare`: brings the database up to date and, when it holds no
 * members yet, loads the demo data. `npm start` runs it before serving.
 */
export default class PrepareApp extends BaseCommand {
  static commandName = 'app:prepare'
  static description = 'Run pending migrations and load demo data into an empty database'
  static options: CommandOptions = { startApp: true }

  async run() {
    const migrator = new MigrationRunner(db, this.app, { direction: 'up', dryRun: false })
    await migrator.run()
    if (migrator.error) {
      this.logger.error(`Migrations failed: ${migrator.error.message}`)
      this.exitCode = 1
      return
    }
    const migrated = Object.keys(migrator.migratedFiles).length
    this.logger.info(
      migrated ? `Applied ${migrated} migration(s)` : 'Database schema is up to date'
    )

    const { default: MainSeeder } = await import('#database/seeders/main_seeder')
    await new MainSeeder(db.connection()).run()
  }
}
