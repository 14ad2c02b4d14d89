import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export type TokenPurpose = 'registration' | 'password_reset' | 'email_change' | 'login_code'

/** A mailed link or code; only its SHA-256 is stored. */
export default class OneTimeToken extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare purpose: TokenPurpose

  @column()
  declare memberAccountId: number

  @column({ serializeAs: null })
  declare tokenHash: string

  @column()
  declare payloadJson: string | null

  @column.dateTime()
  declare expiresAt: DateTime

  @column.dateTime()
  declare usedAt: DateTime | null

  @column()
  declare attempts: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}
