import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import MemberAccount from '#models/member_account'

/** A member's passkey (see database/migrations/1764000020000_create_member_passkeys_table). */
export default class MemberPasskey extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare memberAccountId: number

  @column()
  declare credentialId: string

  @column({ serializeAs: null })
  declare publicKey: string

  @column({ consume: (value) => Number(value) })
  declare signCount: number

  @column({
    prepare: (value: string[] | null) => (value ? JSON.stringify(value) : null),
    consume: (value: string | null) => (value ? (JSON.parse(value) as string[]) : null),
  })
  declare transports: string[] | null

  @column()
  declare name: string

  @column({ consume: (value) => Boolean(value) })
  declare backedUp: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare lastUsedAt: DateTime | null

  @belongsTo(() => MemberAccount)
  declare account: BelongsTo<typeof MemberAccount>
}
