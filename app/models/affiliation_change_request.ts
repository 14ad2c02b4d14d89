import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'
import Affiliation from '#models/affiliation'
import StaffUser from '#models/staff_user'

export type AffiliationRequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn'

export default class AffiliationChangeRequest extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number

  @column()
  declare fromAffiliationId: number | null

  @column()
  declare requestedAffiliationId: number | null

  @column()
  declare requestedAffiliationText: string | null

  @column.date()
  declare effectiveOn: DateTime

  @column()
  declare reason: string | null

  @column()
  declare status: AffiliationRequestStatus

  @column()
  declare decidedByStaffId: number | null

  @column.dateTime()
  declare decidedAt: DateTime | null

  @column()
  declare decisionNote: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Member)
  declare member: BelongsTo<typeof Member>

  @belongsTo(() => Affiliation, { foreignKey: 'fromAffiliationId' })
  declare fromAffiliation: BelongsTo<typeof Affiliation>

  @belongsTo(() => Affiliation, { foreignKey: 'requestedAffiliationId' })
  declare requestedAffiliation: BelongsTo<typeof Affiliation>

  @belongsTo(() => StaffUser, { foreignKey: 'decidedByStaffId' })
  declare decidedBy: BelongsTo<typeof StaffUser>
}
