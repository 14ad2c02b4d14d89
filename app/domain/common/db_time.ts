import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'

/**
 * A timestamp as the database stores it, for query-builder comparisons and
 * bulk updates. Models convert DateTime values themselves, but a JS Date bound
 * to a SQLite query becomes epoch milliseconds, which never compares correctly
 * with the stored text. Timestamps are stored in UTC.
 */
export function dbTimestamp(value: DateTime = DateTime.utc()): string {
  return value.toUTC().toFormat(db.connection().dialect.dateTimeFormat)
}
