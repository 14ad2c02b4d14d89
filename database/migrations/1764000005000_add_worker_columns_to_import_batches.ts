import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What the import runner needs on a batch: the batch it replaced (rollback points back to it),
 * and which process works on it with a heartbeat, so recovery at boot can tell a dead import
 * (mark it failed) from one another app instance is still running.
 */
export default class extends BaseSchema {
  protected tableName = 'import_batches'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.integer('replaced_batch_id').unsigned().nullable()
      table.string('encoding_choice', 20).nullable()
      table.string('worker_host', 100).nullable()
      table.integer('worker_pid').nullable()
      table.bigInteger('heartbeat_ms').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('replaced_batch_id')
      table.dropColumn('encoding_choice')
      table.dropColumn('worker_host')
      table.dropColumn('worker_pid')
      table.dropColumn('heartbeat_ms')
    })
  }
}
