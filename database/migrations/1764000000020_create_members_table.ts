import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'members'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table.string('member_number', 20).notNullable().unique()
      table.string('name', 100).notNullable()
      table.string('name_kana', 200).notNullable()
      // name + kana folded to one width and to katakana: what staff search matches against.
      table.string('search_name', 300).notNullable().index()
      table.date('birth_date').notNullable().index()
      // Digits only (normalised on the way in); shown formatted.
      table.string('phone', 20).nullable().index()
      table.string('postal_code', 7).nullable()
      table.string('address', 300).nullable()
      table
        .integer('affiliation_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('affiliations')
        .onDelete('SET NULL')
        .index()
      table.string('category', 10).notNullable().defaultTo('active')
      table.date('joined_on').notNullable()
      table.date('withdrawal_accepted_on').nullable()
      // March 31 of the fiscal year the withdrawal notice was accepted in; access ends that day.
      table.date('refund_on').nullable().index()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
