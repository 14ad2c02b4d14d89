import { BaseSchema } from '@adonisjs/lucid/schema'

/** The last TOTP time step a staff member used: a code is accepted once (no replay). */
export default class extends BaseSchema {
  protected tableName = 'staff_users'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.bigInteger('totp_last_step').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('totp_last_step')
    })
  }
}
