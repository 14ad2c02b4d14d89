import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'one_time_tokens'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      // registration | password_reset | email_change | login_code
      table.string('purpose', 30).notNullable()
      table
        .integer('member_account_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('member_accounts')
        .onDelete('CASCADE')
      // SHA-256 of the token: a database leak gives no usable link.
      table.string('token_hash', 64).notNullable().unique()
      // What the token confirms (e.g. the new e-mail address), as JSON.
      table.text('payload_json').nullable()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['member_account_id', 'purpose'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
