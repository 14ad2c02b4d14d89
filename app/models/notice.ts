import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'
import { dbTimestamp } from '#domain/common/db_time'

export default class Notice extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare title: string

  @column()
  declare body: string

  @column({ consume: (value) => Boolean(value) })
  declare isPublished: boolean

  @column.dateTime()
  declare publishedFrom: DateTime

  @column.dateTime()
  declare publishedUntil: DateTime | null

  @column()
  declare createdByStaffId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /** Notices members see at `now`: published, started, not yet ended. */
  static visibleAt = scope((query, now: DateTime) => {
    const at = dbTimestamp(now)
    query
      .where('is_published', true)
      .where('published_from', '<=', at)
      .where((q) => q.whereNull('published_until').orWhere('published_until', '>', at))
  })
}
