import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import { defineConfig } from '@adonisjs/core/http'
import { IDLE_TIMEOUT } from '#domain/auth/session_policy'
import { trustedProxies } from '#domain/common/trusted_proxies'

/**
 * The app key encrypts cookies and the initial passwords at rest: losing or
 * changing it makes every stored initial password unreadable.
 */
export const appKey = new Secret(env.get('APP_KEY'))

/*
 * Links in mails and on printed guide letters must reach members from outside: in production
 * they cannot be derived from the port the process listens on behind a load balancer.
 */
if (app.inProduction && !env.get('APP_URL')?.trim()) {
  throw new Error(
    'APP_URL is not set. Production mode (NODE_ENV=production) puts links in mails and guide letters: set APP_URL to the public address, e.g. APP_URL=https://mypage.example.jp'
  )
}

export const http = defineConfig({
  generateRequestId: true,
  // request.ip() believes X-Forwarded-For only from these hops (none unless TRUSTED_PROXIES says).
  trustProxy: trustedProxies(env.get('TRUSTED_PROXIES')),
  allowMethodSpoofing: true,
  useAsyncLocalStorage: false,
  cookie: {
    domain: '',
    path: '/',
    // Cookies without a lifetime of their own (XSRF-TOKEN) end with an idle session.
    maxAge: IDLE_TIMEOUT,
    httpOnly: true,
    secure: app.inProduction,
    sameSite: 'lax',
  },
})
