import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Server-side sessions for the quick start (SESSION_DRIVER=database, @adonisjs/session's
 * database store; production keeps them in Redis). The columns are the ones the store reads
 * and writes (its make:session-table stub). The store binds `expires_at` as a JS Date, which
 * PostgreSQL stores as a timestamp and SQLite as epoch milliseconds; only the store and
 * pruneExpiredSessions (app/domain/session_store.ts) touch it, both the same way.
 */
export default class extends BaseSchema {
  protected tableName = 'sessions'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.string('id').primary()
      table.text('data').notNullable()
      table.string('user_id').nullable().index()
      table.timestamp('expires_at').notNullable().index()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
