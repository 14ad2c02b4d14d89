import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type ProfileChangeActor = 'member' | 'staff' | 'import'

export default class ProfileChange extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number

  @column()
  declare field: string

  @column()
  declare oldValue: string | null

  @column()
  declare newValue: string | null

  @column()
  declare changedByType: ProfileChangeActor

  @column()
  declare changedByStaffId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
