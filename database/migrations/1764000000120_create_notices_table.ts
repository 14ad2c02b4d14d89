import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'notices'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('title', 200).notNullable()
      table.text('body').notNullable()
      table.boolean('is_published').notNullable().defaultTo(false)
      table.timestamp('published_from', { useTz: true }).notNullable()
      table.timestamp('published_until', { useTz: true }).nullable()
      table
        .integer('created_by_staff_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['is_published', 'published_from'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
