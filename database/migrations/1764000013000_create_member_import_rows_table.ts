import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The member master's validated rows, staged under their batch like statements are: the commit
 * applies them in a few set-based statements and needs no file, so it can run on any instance.
 * Columns mirror `members` (search_name is computed when staged). Rows go when the batch is
 * committed or discarded.
 */
export default class extends BaseSchema {
  protected tableName = 'member_import_rows'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.integer('import_batch_id').unsigned().notNullable()
      table.integer('line_number').notNullable()
      table.string('member_number', 20).notNullable()
      table.string('name', 100).notNullable()
      table.string('name_kana', 200).notNullable()
      table.string('search_name', 300).notNullable()
      table.date('birth_date').notNullable()
      table.string('phone', 20).nullable()
      table.string('postal_code', 7).nullable()
      table.string('address', 300).nullable()
      table.string('affiliation_code', 20).nullable()
      table.string('affiliation_name', 100).nullable()
      table.string('category', 10).notNullable()
      table.date('joined_on').notNullable()
      table.date('withdrawal_accepted_on').nullable()
      table.date('refund_on').nullable()
      // Set at commit: the member number was not in the master yet.
      table.boolean('is_new').notNullable().defaultTo(false)
      table.primary(['import_batch_id', 'member_number'])
      // The first line naming a new affiliation code gives its name.
      table.index(['import_batch_id', 'affiliation_code', 'line_number'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
