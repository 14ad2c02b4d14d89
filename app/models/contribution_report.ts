import { BaseModel, column } from '@adonisjs/lucid/orm'

/** A member's annual contribution report (出資報告) for one fiscal year (April–March). */
export default class ContributionReport extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare importBatchId: number

  @column()
  declare memberId: number

  @column()
  declare fiscalYear: number

  @column()
  declare unitsStart: number

  @column()
  declare amountStart: number

  @column()
  declare unitsIncrease: number

  @column()
  declare amountIncrease: number

  @column()
  declare unitsDecrease: number

  @column()
  declare amountDecrease: number

  @column()
  declare unitsEnd: number

  @column()
  declare amountEnd: number

  @column()
  declare dividend: number
}
