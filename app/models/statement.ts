import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'
import StatementLine from '#models/statement_line'

/** One member's statement for one billing month, as written by one import batch. */
export default class Statement extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare importBatchId: number

  @column()
  declare memberId: number

  /** 'YYYY-MM' */
  @column()
  declare billingMonth: string

  @column()
  declare totalAmount: number

  @column()
  declare lineCount: number

  @belongsTo(() => Member)
  declare member: BelongsTo<typeof Member>

  @hasMany(() => StatementLine)
  declare lines: HasMany<typeof StatementLine>
}
