/*
| Web server, quick start (SESSION_DRIVER=database): expired sessions are pruned
| at boot and every few minutes (Redis expires its own keys).
*/
import env from '#start/env'
import logger from '@adonisjs/core/services/logger'
import { SESSION_PRUNE_INTERVAL_MS, pruneExpiredSessions } from '#domain/auth/session_store'

async function prune() {
  try {
    const removed = await pruneExpiredSessions()
    if (removed) logger.info({ sessions: removed }, 'expired sessions deleted')
  } catch (error) {
    logger.error(
      { err: error },
      'expired sessions could not be deleted (is the database migrated?)'
    )
  }
}

if (env.get('SESSION_DRIVER', 'database') === 'database') {
  await prune()
  setInterval(prune, SESSION_PRUNE_INTERVAL_MS).unref()
}
