import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'import_batches'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      // statements | contribution_reports | members
      table.string('kind', 30).notNullable()
      // '2026-10' for statements, '2025' for contribution reports, null for the member master
      table.string('period', 7).nullable()
      // uploaded | validating | invalid | validated | committing | committed | failed | rolled_back
      table.string('status', 20).notNullable()
      table.string('original_file_name', 255).notNullable()
      table.string('stored_file_name', 255).nullable()
      table.string('file_sha256', 64).nullable()
      table.bigInteger('file_size').notNullable().defaultTo(0)
      table.string('encoding', 20).nullable()
      table.integer('row_count').notNullable().defaultTo(0)
      table.integer('error_count').notNullable().defaultTo(0)
      table.integer('member_count').notNullable().defaultTo(0)
      table.bigInteger('total_amount').notNullable().defaultTo(0)
      // Totals by category / tax rate and the comparison with the previous period.
      table.text('summary_json').nullable()
      table.bigInteger('progress_done').notNullable().defaultTo(0)
      table.bigInteger('progress_total').notNullable().defaultTo(0)
      table.text('failure_message').nullable()
      table
        .integer('created_by_staff_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      table.timestamp('validated_at', { useTz: true }).nullable()
      table.timestamp('committed_at', { useTz: true }).nullable()
      table.timestamp('rolled_back_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['kind', 'period', 'status'])
      table.index(['created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
