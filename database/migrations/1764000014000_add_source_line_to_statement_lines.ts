import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The physical line of the import file each staged statement line came from. Exact duplicate
 * lines of a monthly file are found in SQL over the staged rows of the batch (GROUP BY the
 * duplicate key), not in an in-memory table that grew with the file: the row error names the
 * file's line numbers. Null for lines staged before this column existed.
 */
export default class extends BaseSchema {
  protected tableName = 'statement_lines'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.integer('source_line').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('source_line')
    })
  }
}
