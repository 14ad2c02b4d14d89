import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('inquiries', (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.string('category', 30).notNullable()
      table.string('subject', 200).notNullable()
      // open | answered | closed
      table.string('status', 20).notNullable().defaultTo('open')
      table
        .integer('assigned_staff_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      table.timestamp('last_message_at', { useTz: true }).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['status', 'last_message_at'])
      table.index(['member_id', 'last_message_at'])
    })

    this.schema.createTable('inquiry_messages', (table) => {
      table.increments('id')
      table
        .integer('inquiry_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('inquiries')
        .onDelete('CASCADE')
      // member | staff
      table.string('author_type', 10).notNullable()
      table
        .integer('staff_user_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      table.text('body').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['inquiry_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable('inquiry_messages')
    this.schema.dropTable('inquiries')
  }
}
