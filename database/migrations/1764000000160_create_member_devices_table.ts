import { BaseSchema } from '@adonisjs/lucid/schema'

/** Devices a member has confirmed with a mailed code; log-in from any other asks for one. */
export default class extends BaseSchema {
  protected tableName = 'member_devices'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('member_account_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('member_accounts')
        .onDelete('CASCADE')
      // SHA-256 of the long-lived device cookie's random value.
      table.string('device_hash', 64).notNullable()
      table.string('user_agent', 500).nullable()
      table.timestamp('last_seen_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.unique(['member_account_id', 'device_hash'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
