import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export const STAFF_ROLES = ['operator', 'clerk', 'admin'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

/** A co-op staff member: the user of the `staff` auth guard. */
export default class StaffUser extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare loginId: string

  @column()
  declare name: string

  @column()
  declare email: string | null

  @column()
  declare role: StaffRole

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare isActive: boolean

  @column({ serializeAs: null })
  declare totpSecretEncrypted: string | null

  @column({ serializeAs: null })
  declare totpLastStep: number | null

  @column()
  declare failedLoginCount: number

  @column.dateTime()
  declare lockedUntil: DateTime | null

  @column.dateTime()
  declare lastLoginAt: DateTime | null

  @column()
  declare sessionVersion: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  isLockedAt(now: DateTime) {
    return this.lockedUntil !== null && this.lockedUntil > now
  }
}
