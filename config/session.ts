import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, stores } from '@adonisjs/session'

/**
 * `age` is the idle timeout; the absolute timeout since log-in is enforced by
 * the area middleware (see app/domain/session_policy.ts).
 */
const sessionConfig = defineConfig({
  enabled: true,
  cookieName: 'mypage-session',
  clearWithBrowser: true,
  age: '30m',
  cookie: {
    path: '/',
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
  store: env.get('SESSION_DRIVER', 'cookie'),
  stores: {
    cookie: stores.cookie(),
    redis: stores.redis({ connection: 'main' }),
  },
})

export default sessionConfig
