import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'affiliation_change_requests'

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
      table
        .integer('from_affiliation_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('affiliations')
        .onDelete('SET NULL')
      // Either a known affiliation or free text when the member's new school is not in the list.
      table
        .integer('requested_affiliation_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('affiliations')
        .onDelete('SET NULL')
      table.string('requested_affiliation_text', 200).nullable()
      table.date('effective_on').notNullable()
      table.text('reason').nullable()
      // pending | approved | rejected | withdrawn
      table.string('status', 20).notNullable().defaultTo('pending')
      table
        .integer('decided_by_staff_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      table.timestamp('decided_at', { useTz: true }).nullable()
      table.text('decision_note').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['status', 'created_at'])
      table.index(['member_id', 'status'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
