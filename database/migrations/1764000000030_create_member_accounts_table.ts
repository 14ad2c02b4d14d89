import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'member_accounts'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .unique()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      // unregistered -> pending (mail sent, link not yet opened) -> registered
      table.string('registration_state', 20).notNullable().defaultTo('unregistered')
      // The log-in id once registered; stored lower-cased.
      table.string('email', 254).nullable().unique()
      table.string('pending_email', 254).nullable()
      table.string('password', 255).nullable()
      table.timestamp('registered_at', { useTz: true }).nullable()
      table.integer('failed_login_count').notNullable().defaultTo(0)
      table.timestamp('locked_until', { useTz: true }).nullable()
      table.timestamp('last_login_at', { useTz: true }).nullable()
      // Bumped to end every other session (password change, "sign out other devices").
      table.integer('session_version').notNullable().defaultTo(1)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
