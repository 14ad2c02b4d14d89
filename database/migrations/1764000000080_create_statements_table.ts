import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Statements belong to the import batch that wrote them. Members see, for each
 * billing month, only the batch that billing_months.active_batch_id points at:
 * committing or rolling back a month is one pointer update, so nobody ever sees
 * half of a month.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('statements', (table) => {
      table.bigIncrements('id')
      table
        .integer('import_batch_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('import_batches')
        .onDelete('CASCADE')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.string('billing_month', 7).notNullable()
      table.bigInteger('total_amount').notNullable()
      table.integer('line_count').notNullable()
      table.unique(['import_batch_id', 'member_id'])
      table.index(['member_id', 'billing_month'])
    })

    this.schema.createTable('statement_lines', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('statement_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('statements')
        .onDelete('CASCADE')
      table.integer('line_number').notNullable()
      table.date('line_date').notNullable()
      table.string('category', 50).notNullable()
      table.string('item_name', 200).notNullable()
      table.integer('quantity').notNullable()
      table.bigInteger('unit_price').notNullable()
      table.bigInteger('amount').notNullable()
      // Percent: 10, 8 (reduced rate) or 0.
      table.smallint('tax_rate').notNullable()
      table.index(['statement_id', 'line_number'])
    })

    this.schema.createTable('billing_months', (table) => {
      table.string('billing_month', 7).primary()
      table
        .integer('active_batch_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('import_batches')
        .onDelete('SET NULL')
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('billing_months')
    this.schema.dropTable('statement_lines')
    this.schema.dropTable('statements')
  }
}
