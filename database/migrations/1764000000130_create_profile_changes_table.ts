import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'profile_changes'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      // name | name_kana | postal_code | address | phone | email | affiliation | category | ...
      table.string('field', 30).notNullable()
      table.text('old_value').nullable()
      table.text('new_value').nullable()
      // member | staff | import
      table.string('changed_by_type', 10).notNullable()
      table
        .integer('changed_by_staff_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['created_at'])
      table.index(['member_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
