import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type AuditActorType = 'member' | 'staff' | 'system' | 'anonymous'
export type AuditOutcome = 'success' | 'failure'

/** Written only through app/domain/audit/audit_trail.ts. */
export default class AuditLog extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare actorType: AuditActorType

  @column()
  declare staffUserId: number | null

  @column()
  declare memberAccountId: number | null

  @column()
  declare memberId: number | null

  @column()
  declare action: string

  @column()
  declare outcome: AuditOutcome

  @column()
  declare ip: string | null

  @column()
  declare userAgent: string | null

  @column()
  declare detailsJson: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
