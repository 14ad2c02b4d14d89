import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'affiliations'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      // The core system's affiliation (school / office) code.
      table.string('code', 20).notNullable().unique()
      table.string('name', 100).notNullable()
      table.string('name_kana', 200).nullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
