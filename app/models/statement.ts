import { DateTime } from 'luxon'
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

  /** 引落日 and the account, from the import file's optional columns (null without them). */
  @column.date()
  declare debitDate: DateTime | null

  @column()
  declare debitBankName: string | null

  @column()
  declare debitBranchName: string | null

  /** 普通 / 当座 / 貯蓄 */
  @column()
  declare debitAccountType: string | null

  /** Only the last 4 digits of the account number are ever stored. */
  @column({ columnName: 'debit_account_last4' })
  declare debitAccountLast4: string | null

  @belongsTo(() => Member)
  declare member: BelongsTo<typeof Member>

  @hasMany(() => StatementLine)
  declare lines: HasMany<typeof StatementLine>
}
