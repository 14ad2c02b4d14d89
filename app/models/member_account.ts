import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'
import MemberDevice from '#models/member_device'

export type RegistrationState = 'unregistered' | 'pending' | 'registered'

/** A member's log-in: the user of the `member` auth guard. */
export default class MemberAccount extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number

  @column()
  declare registrationState: RegistrationState

  @column()
  declare email: string | null

  @column()
  declare pendingEmail: string | null

  @column({ serializeAs: null })
  declare password: string | null

  @column.dateTime()
  declare registeredAt: DateTime | null

  @column()
  declare failedLoginCount: number

  @column.dateTime()
  declare lockedUntil: DateTime | null

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  @column()
  declare sessionVersion: number

  /** メール通知の設定: 請求明細の掲載のお知らせ (default on). */
  @column({ consume: (value) => Boolean(value) })
  declare notifyStatements: boolean

  /** メール通知の設定: お知らせ (default on). */
  @column({ consume: (value) => Boolean(value) })
  declare notifyNotices: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Member)
  declare member: BelongsTo<typeof Member>

  @hasMany(() => MemberDevice)
  declare devices: HasMany<typeof MemberDevice>

  get isRegistered() {
    return this.registrationState === 'registered'
  }

  isLockedAt(now: DateTime) {
    return this.lockedUntil !== null && this.lockedUntil > now
  }
}
