import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp } from '#domain/common/db_time'
import type { SessionArea } from '#domain/auth/session_policy'

const TABLES: Record<SessionArea, string> = {
  member: 'member_accounts',
  staff: 'staff_users',
}

/**
 * The last successful log-in (shown on the staff accounts page and the member page), written
 * once the log-in is complete: after the mailed code or the authenticator code when one is
 * asked for. One UPDATE on the row, never a read-modify-save of a model loaded earlier,
 * which would put back columns a parallel request (a failed attempt, a lock) just changed.
 */
export async function recordLastLogin(
  area: SessionArea,
  id: number,
  at: DateTime = DateTime.utc()
) {
  await db
    .from(TABLES[area])
    .where('id', id)
    .update({ last_login_at: dbTimestamp(at) })
}
