import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Passkeys (WebAuthn credentials) a member registered on the account security page; any of
 * them logs the member in without the mailed new-device code. The password stays: removing
 * every passkey never locks a member out.
 */
export default class extends BaseSchema {
  protected tableName = 'member_passkeys'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id')
      table
        .integer('member_account_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('member_accounts')
        .onDelete('CASCADE')
      // The authenticator's credential id, base64url as the browser sends it (unique everywhere).
      table.string('credential_id', 1400).notNullable().unique()
      // COSE public key, base64url.
      table.text('public_key').notNullable()
      // Signature counter: 0 for authenticators that do not count (most synced passkeys).
      table.bigInteger('sign_count').notNullable().defaultTo(0)
      // JSON array of transports ('internal', 'hybrid', 'usb', ...) for later log-in hints.
      table.string('transports', 200).nullable()
      table.string('name', 100).notNullable()
      table.boolean('backed_up').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.index(['member_account_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
