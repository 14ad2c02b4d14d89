import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'import_row_errors'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table
        .integer('import_batch_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('import_batches')
        .onDelete('CASCADE')
      table.integer('line_number').notNullable()
      table.string('column_name', 50).nullable()
      table.string('message', 500).notNullable()
      table.text('raw_line').nullable()
      table.index(['import_batch_id', 'line_number'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
