import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'initial_passwords'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      // Encrypted with the app key (it must be readable for the phone desk and the letter).
      table.text('encrypted_password').notNullable()
      table.timestamp('issued_at', { useTz: true }).notNullable()
      table
        .integer('issued_by_staff_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      // Set on re-issue and on completed registration; a member has at most one valid row.
      table.timestamp('invalidated_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['member_id', 'invalidated_at'])
      table.index(['issued_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
