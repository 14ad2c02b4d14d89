import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type CardCheckResult = 'valid' | 'expired' | 'invalid'
export type CardCheckReason = 'malformed' | 'tampered' | 'unknown_member' | 'withdrawn'

/** One opening of the card QR's public page (app/domain/members/card_check.ts). */
export default class CardCheck extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number | null

  @column()
  declare staffUserId: number | null

  @column()
  declare result: CardCheckResult

  @column()
  declare reason: CardCheckReason | null

  @column()
  declare ip: string | null

  @column.dateTime()
  declare checkedAt: DateTime
}
