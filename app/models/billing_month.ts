import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** Which import batch members see for a billing month (null: none published). */
export default class BillingMonth extends BaseModel {
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare billingMonth: string

  @column()
  declare activeBatchId: number | null

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
