import type { HttpContext } from '@adonisjs/core/http'
import db from '@adonisjs/lucid/services/db'

/** For load balancers and monitoring: 200 when the database answers, 503 otherwise. */
export default class HealthController {
  async show({ response, session }: HttpContext) {
    // A probe carries no cookie: the session it was given holds only the CSRF secret the shield
    // put there. Emptied, it is never written, so probes every few seconds from each load
    // balancer leave no session rows (or Redis keys) behind. A browser's own session is kept.
    if (session.fresh) session.clear()
    const started = performance.now()
    try {
      await db.rawQuery('SELECT 1')
      return response.ok({
        status: 'ok',
        database: { status: 'ok', latencyMs: Math.round(performance.now() - started) },
      })
    } catch {
      return response.serviceUnavailable({ status: 'error', database: { status: 'unreachable' } })
    }
  }
}
