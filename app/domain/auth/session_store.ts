import db from '@adonisjs/lucid/services/db'

/**
 * The quick start keeps sessions in the `sessions` table. The store drops an
 * expired row when its cookie comes back, and runs its own clean-up on a few
 * percent of writes only; sessions whose browser never returns (every visitor
 * of the log-in page gets one, for its CSRF secret) are deleted here, at boot
 * and every few minutes, so the table holds about 30 minutes of visitors.
 */
export const SESSION_PRUNE_INTERVAL_MS = 10 * 60 * 1000

export async function pruneExpiredSessions(now = new Date()): Promise<number> {
  // Bound as a JS Date, exactly as the store writes `expires_at` (epoch ms on SQLite).
  const deleted = await db.from('sessions').where('expires_at', '<=', now).delete()
  return Array.isArray(deleted) ? Number(deleted[0] ?? 0) : Number(deleted)
}
