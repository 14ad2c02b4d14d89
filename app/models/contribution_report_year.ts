import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/** Which import batch members see for a fiscal year's contribution reports. */
export default class ContributionReportYear extends BaseModel {
  static selfAssignPrimaryKey = true

  @column({ isPrimary: true })
  declare fiscalYear: number

  @column()
  declare activeBatchId: number | null

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}
