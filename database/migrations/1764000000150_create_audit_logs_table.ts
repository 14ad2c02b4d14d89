import { BaseSchema } from '@adonisjs/lucid/schema'

/** Access log (every log-in attempt) and audit trail (every staff read of sensitive data). */
export default class extends BaseSchema {
  protected tableName = 'audit_logs'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      // member | staff | system | anonymous
      table.string('actor_type', 10).notNullable()
      table
        .integer('staff_user_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      table
        .integer('member_account_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('member_accounts')
        .onDelete('SET NULL')
      // The member the action concerns (for staff actions: the member whose data was read).
      table
        .integer('member_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('members')
        .onDelete('SET NULL')
      table.string('action', 50).notNullable()
      // success | failure
      table.string('outcome', 10).notNullable()
      table.string('ip', 45).nullable()
      table.string('user_agent', 500).nullable()
      // Context such as the identity items that matched or the failure reason; never a secret.
      table.text('details_json').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['created_at'])
      table.index(['action', 'created_at'])
      table.index(['member_id', 'created_at'])
      table.index(['member_account_id', 'created_at'])
      table.index(['staff_user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
