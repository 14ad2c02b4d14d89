import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Card check (組合員証の確認): every opening of the card QR's public page, with its result.
 * `member_id` is set only when the token's signature proved whose card it is (a tampered or
 * malformed code names nobody); the token itself is never stored.
 */
export default class extends BaseSchema {
  protected tableName = 'card_checks'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table
        .integer('member_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('members')
        .onDelete('SET NULL')
      // Set when staff checked it on their own page (組合員証の確認); null for the public page.
      table
        .integer('staff_user_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('staff_users')
        .onDelete('SET NULL')
      // valid | expired | invalid
      table.string('result', 10).notNullable()
      // null (valid, expired) | malformed | tampered | unknown_member | withdrawn
      table.string('reason', 20).nullable()
      table.string('ip', 45).nullable()
      table.timestamp('checked_at', { useTz: true }).notNullable()
      table.index(['member_id', 'checked_at'])
      table.index(['checked_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
