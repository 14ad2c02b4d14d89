import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'
import { IDLE_TIMEOUT } from '#domain/auth/session_policy'

/**
 * Sessions live on the server (database table in the quick start, Redis in
 * production), the cookie carries only the session id: log-out must end a
 * session wherever a copy of its cookie is, which an encrypted cookie session
 * cannot do, and flashed form input must never travel in a cookie.
 *
 * `age` is the idle timeout, for the stored session and the cookie alike: the
 * cookie gets Max-Age=1800, renewed by every answer, as the stored session's
 * expiry is (`clearWithBrowser: true` dropped the session's own maxAge and let
 * config/app.ts's 2 h cookie default apply instead). The absolute timeout since
 * log-in is enforced by the area middleware (see app/domain/auth/session_policy.ts).
 */
const driver = env.get('SESSION_DRIVER', 'database')
if (driver === 'cookie') {
  throw new Error(
    'SESSION_DRIVER=cookie is no longer supported: a cookie session cannot be ended at log-out. ' +
      'Use SESSION_DRIVER=database (quick start) or SESSION_DRIVER=redis (production).'
  )
}

const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'mypage-session',
  clearWithBrowser: false,
  age: IDLE_TIMEOUT,
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: driver,
  stores: {
    // Expired rows are also pruned every few minutes (start/sessions.ts).
    database: stores.database({ tableName: 'sessions' }),
    redis: stores.redis({ connection: 'main' }),
  },
})

export default sessionConfig
