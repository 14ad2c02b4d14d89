import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Debit details of a statement (issue 12 item 5), from the optional columns of the monthly
 * file: the debit date (引落日) and the account it is debited from. One statement is one
 * member's billing month, so they live on `statements`, written by the same INSERT (SQLite) or
 * the same set-based INSERT ... SELECT unnest (PostgreSQL) as today: no query per row.
 * Only the last 4 digits of the account number are ever stored (the import refuses more).
 * All null for files without the columns and for statements imported before this.
 */
export default class extends BaseSchema {
  protected tableName = 'statements'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.date('debit_date').nullable()
      table.string('debit_bank_name', 30).nullable()
      table.string('debit_branch_name', 30).nullable()
      // 普通 / 当座 / 貯蓄
      table.string('debit_account_type', 2).nullable()
      table.string('debit_account_last4', 4).nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('debit_date')
      table.dropColumn('debit_bank_name')
      table.dropColumn('debit_branch_name')
      table.dropColumn('debit_account_type')
      table.dropColumn('debit_account_last4')
    })
  }
}
