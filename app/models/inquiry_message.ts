import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import StaffUser from '#models/staff_user'

export default class InquiryMessage extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare inquiryId: number

  @column()
  declare authorType: 'member' | 'staff'

  @column()
  declare staffUserId: number | null

  @column()
  declare body: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => StaffUser)
  declare staffUser: BelongsTo<typeof StaffUser>
}
