import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class StatementLine extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare statementId: number

  @column()
  declare lineNumber: number

  @column.date()
  declare lineDate: DateTime

  @column()
  declare category: string

  @column()
  declare itemName: string

  @column()
  declare quantity: number

  @column()
  declare unitPrice: number

  @column()
  declare amount: number

  /** Percent: 10, 8 or 0. */
  @column()
  declare taxRate: number
}
