import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type ContributionEventKind = 'join' | 'increase' | 'decrease' | 'refund'

export default class ContributionEvent extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number

  @column.date()
  declare occurredOn: DateTime

  @column()
  declare kind: ContributionEventKind

  @column()
  declare unitsDelta: number

  @column()
  declare amountDelta: number

  @column()
  declare unitsAfter: number

  @column()
  declare amountAfter: number

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
