import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'staff_users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('login_id', 50).notNullable().unique()
      table.string('name', 100).notNullable()
      table.string('email', 254).nullable()
      // operator | clerk | admin
      table.string('role', 20).notNullable()
      table.string('password', 255).notNullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      // TOTP secret, encrypted with the app key; null until the staff member enrols.
      table.text('totp_secret_encrypted').nullable()
      table.integer('failed_login_count').notNullable().defaultTo(0)
      table.timestamp('locked_until', { useTz: true }).nullable()
      table.timestamp('last_login_at', { useTz: true }).nullable()
      table.integer('session_version').notNullable().defaultTo(1)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
