import { DateTime } from 'luxon'
import { BaseModel, beforeSave, belongsTo, column, hasMany, hasOne } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany, HasOne } from '@adonisjs/lucid/types/relations'
import Affiliation from '#models/affiliation'
import MemberAccount from '#models/member_account'
import InitialPassword from '#models/initial_password'
import Statement from '#models/statement'
import ContributionBalance from '#models/contribution_balance'
import ContributionEvent from '#models/contribution_event'
import ContributionReport from '#models/contribution_report'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import Inquiry from '#models/inquiry'
import ProfileChange from '#models/profile_change'
import { searchableName } from '#domain/common/japanese_text'

export type MemberCategory = 'active' | 'retired'

export default class Member extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberNumber: string

  @column()
  declare name: string

  @column()
  declare nameKana: string

  @column({ serializeAs: null })
  declare searchName: string

  @column.date()
  declare birthDate: DateTime

  @column()
  declare phone: string | null

  @column()
  declare postalCode: string | null

  @column()
  declare address: string | null

  @column()
  declare affiliationId: number | null

  @column()
  declare category: MemberCategory

  @column.date()
  declare joinedOn: DateTime

  @column.date()
  declare withdrawalAcceptedOn: DateTime | null

  @column.date()
  declare refundOn: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Affiliation)
  declare affiliation: BelongsTo<typeof Affiliation>

  @hasOne(() => MemberAccount)
  declare account: HasOne<typeof MemberAccount>

  @hasMany(() => InitialPassword)
  declare initialPasswords: HasMany<typeof InitialPassword>

  @hasMany(() => Statement)
  declare statements: HasMany<typeof Statement>

  @hasOne(() => ContributionBalance)
  declare contributionBalance: HasOne<typeof ContributionBalance>

  @hasMany(() => ContributionEvent)
  declare contributionEvents: HasMany<typeof ContributionEvent>

  @hasMany(() => ContributionReport)
  declare contributionReports: HasMany<typeof ContributionReport>

  @hasMany(() => AffiliationChangeRequest)
  declare affiliationChangeRequests: HasMany<typeof AffiliationChangeRequest>

  @hasMany(() => Inquiry)
  declare inquiries: HasMany<typeof Inquiry>

  @hasMany(() => ProfileChange)
  declare profileChanges: HasMany<typeof ProfileChange>

  @beforeSave()
  static refreshSearchName(member: Member) {
    if (member.$dirty.name !== undefined || member.$dirty.nameKana !== undefined) {
      member.searchName = searchableName(member.name, member.nameKana)
    }
  }
}
