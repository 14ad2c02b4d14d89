import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Member from '#models/member'

/** An issued initial password, encrypted at rest; read only through app/domain/auth/initial_passwords.ts. */
export default class InitialPassword extends BaseModel {
  static table = 'initial_passwords'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberId: number

  @column({ serializeAs: null })
  declare encryptedPassword: string

  @column.dateTime()
  declare issuedAt: DateTime

  @column()
  declare issuedByStaffId: number | null

  @column.dateTime()
  declare invalidatedAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => Member)
  declare member: BelongsTo<typeof Member>
}
