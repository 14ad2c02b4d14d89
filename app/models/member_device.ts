import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class MemberDevice extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberAccountId: number

  @column()
  declare deviceHash: string

  @column()
  declare userAgent: string | null

  @column.dateTime()
  declare lastSeenAt: DateTime

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
