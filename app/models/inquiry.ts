import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'
import StaffUser from '#models/staff_user'
import InquiryMessage from '#models/inquiry_message'

export type InquiryStatus = 'open' | 'answered' | 'closed'

export default class Inquiry extends BaseModel {
  static table = 'inquiries'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number

  @column()
  declare category: string

  @column()
  declare subject: string

  @column()
  declare status: InquiryStatus

  @column()
  declare assignedStaffId: number | null

  @column.dateTime()
  declare lastMessageAt: DateTime

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Member)
  declare member: BelongsTo<typeof Member>

  @belongsTo(() => StaffUser, { foreignKey: 'assignedStaffId' })
  declare assignedStaff: BelongsTo<typeof StaffUser>

  @hasMany(() => InquiryMessage)
  declare messages: HasMany<typeof InquiryMessage>
}
