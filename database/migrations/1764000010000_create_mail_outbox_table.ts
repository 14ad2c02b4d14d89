import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The mail outbox: every mail the portal sends is first a row here, written in the same
 * transaction as the change that causes it, then sent by a sender (app/domain/mail/mail_sender.ts).
 * The row outlives the mail as its delivery record (the phone desk's mail history); the
 * payload, which may hold a code or a link, is erased once the row is settled.
 */
export default class extends BaseSchema {
  protected tableName = 'mail_outbox'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.bigIncrements('id')
      table.string('kind', 40).notNullable()
      table
        .integer('member_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('members')
        .onDelete('SET NULL')
      table.string('recipient', 320).notNullable()
      table.string('recipient_name', 300).notNullable()
      // Encrypted with APP_KEY: the mail's own arguments (a code, a link) until it is settled.
      table.text('payload').nullable()
      // queued | sending | sent | failed | expired | cancelled
      table.string('status', 12).notNullable().defaultTo('queued')
      // 0: log-in and security mails first; 1: other mails; 2: bulk notifications (rate-limited)
      table.smallint('priority').notNullable().defaultTo(1)
      table.integer('attempts').notNullable().defaultTo(0)
      table.timestamp('available_at').notNullable()
      // The content stops being worth sending (a 10-minute code); null: never.
      table.timestamp('expires_at').nullable()
      // Temporary failures are retried until then; then the mail is marked failed.
      table.timestamp('give_up_at').notNullable()
      table.string('claimed_by', 100).nullable()
      table.timestamp('claimed_until').nullable()
      table.timestamp('sent_at').nullable()
      // The mail server's last answer (acceptance, refusal or the connection error).
      table.text('smtp_response').nullable()
      table.string('message_id', 255).nullable()
      // What queued it, where the cause can be undone before the mail goes (a billing month).
      table.string('cause', 80).nullable()
      table.timestamp('created_at').notNullable()
      table.timestamp('updated_at').notNullable()

      table.index(['status', 'priority', 'available_at'], 'mail_outbox_due_index')
      table.index(['member_id', 'created_at'], 'mail_outbox_member_index')
      table.index(['cause'], 'mail_outbox_cause_index')
      table.index(['status', 'updated_at'], 'mail_outbox_status_updated_index')
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}
