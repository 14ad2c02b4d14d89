import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * statement_lines is the million-rows-a-month table, written only by the import writer, which
 * creates a month's statements and their lines in one transaction and purges them by batch
 * (lines first). The foreign key to statements doubled the cost of PostgreSQL's COPY (a queued
 * RI check per line: 2.4 s → 5.3 s for 1M rows measured here) and kept the import above twice
 * the driver's baseline; the index on (statement_id, line_number) stays for the reads.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('statement_lines', (table) => {
      table.dropForeign(['statement_id'])
    })
  }

  async down() {
    this.schema.alterTable('statement_lines', (table) => {
      table.foreign('statement_id').references('id').inTable('statements').onDelete('CASCADE')
    })
  }
}
