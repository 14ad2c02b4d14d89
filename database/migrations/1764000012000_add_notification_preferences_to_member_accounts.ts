import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * メール通知の設定: which notification mails a member wants. Both default on; a member turns
 * them off on the settings page or with the one-click link in each notification mail. Log-in
 * and security mails have no switch: they always go.
 */
export default class extends BaseSchema {
  protected tableName = 'member_accounts'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.boolean('notify_statements').notNullable().defaultTo(true)
      table.boolean('notify_notices').notNullable().defaultTo(true)
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('notify_statements')
      table.dropColumn('notify_notices')
    })
  }
}
