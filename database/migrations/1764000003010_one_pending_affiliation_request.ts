import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One pending affiliation change request per member (SPEC "所属変更申請"). The domain checks
 * it inside a transaction; this partial unique index is the database's own guarantee when two
 * submissions race. Partial indexes work on both SQLite and PostgreSQL.
 */
export default class extends BaseSchema {
  protected tableName = 'affiliation_change_requests'

  async up() {
    this.schema.raw(
      `CREATE UNIQUE INDEX affiliation_change_requests_one_pending ON ${this.tableName} (member_id) WHERE status = 'pending'`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX affiliation_change_requests_one_pending')
  }
}
