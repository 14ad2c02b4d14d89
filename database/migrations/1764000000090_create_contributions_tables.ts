import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // Current contribution (出資) of each member, shown at once.
    this.schema.createTable('contribution_balances', (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .unique()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.integer('units').notNullable()
      table.bigInteger('amount').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('contribution_events', (table) => {
      table.increments('id')
      table
        .integer('member_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('members')
        .onDelete('CASCADE')
      table.date('occurred_on').notNullable()
      // join | increase | decrease | refund
      table.string('kind', 20).notNullable()
      table.integer('units_delta').notNullable()
      table.bigInteger('amount_delta').notNullable()
      table.integer('units_after').notNullable()
      table.bigInteger('amount_after').notNullable()
      table.string('note', 200).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['member_id', 'occurred_on'])
    })

    // Annual reports (出資報告), one fiscal year per import batch, switched like statements.
    this.schema.createTable('contribution_reports', (table) => {
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
      table.integer('fiscal_year').notNullable()
      table.integer('units_start').notNullable()
      table.bigInteger('amount_start').notNullable()
      table.integer('units_increase').notNullable()
      table.bigInteger('amount_increase').notNullable()
      table.integer('units_decrease').notNullable()
      table.bigInteger('amount_decrease').notNullable()
      table.integer('units_end').notNullable()
      table.bigInteger('amount_end').notNullable()
      table.bigInteger('dividend').notNullable()
      table.unique(['import_batch_id', 'member_id'])
      table.index(['member_id', 'fiscal_year'])
    })

    this.schema.createTable('contribution_report_years', (table) => {
      table.integer('fiscal_year').primary()
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
    this.schema.dropTable('contribution_report_years')
    this.schema.dropTable('contribution_reports')
    this.schema.dropTable('contribution_events')
    this.schema.dropTable('contribution_balances')
  }
}
