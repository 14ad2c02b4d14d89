/*
| Environment variables, validated at boot. The embedded default (SQLite,
| database sessions and limiter store, mails kept in a local mailbox) needs
| only APP_KEY; production switches to PostgreSQL, Redis and SMTP through the
| variables below (see README "Production mode").
*/
import { Env } from '@adonisjs/core/env'

export default await Env.create(new URL('../', import.meta.url), {
  NODE_ENV: Env.schema.enum(['development', 'production', 'test'] as const),
  PORT: Env.schema.number(),
  HOST: Env.schema.string({ format: 'host' }),
  APP_KEY: Env.schema.string(),
  APP_URL: Env.schema.string.optional(),
  /* Proxies whose X-Forwarded-For is believed: addresses, subnets, loopback (default: none) */
  TRUSTED_PROXIES: Env.schema.string.optional(),
  LOG_LEVEL: Env.schema.enum.optional([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ] as const),

  /* Database: SQLite file by default, PostgreSQL with DB_CONNECTION=pg */
  DB_CONNECTION: Env.schema.enum.optional(['sqlite', 'pg'] as const),
  SQLITE_FILE: Env.schema.string.optional(),
  DB_HOST: Env.schema.string.optional({ format: 'host' }),
  DB_PORT: Env.schema.number.optional(),
  DB_USER: Env.schema.string.optional(),
  DB_PASSWORD: Env.schema.string.optional(),
  DB_DATABASE: Env.schema.string.optional(),

  /* Redis (production: sessions and rate limiter shared by every instance) */
  REDIS_HOST: Env.schema.string.optional({ format: 'host' }),
  REDIS_PORT: Env.schema.number.optional(),
  REDIS_PASSWORD: Env.schema.string.optional(),
  /* Two installations on one Redis keep apart by database number and key prefix */
  REDIS_DB: Env.schema.number.optional(),
  REDIS_KEY_PREFIX: Env.schema.string.optional(),
  /* 'cookie' is refused at boot with an explanation (config/session.ts) */
  SESSION_DRIVER: Env.schema.enum.optional(['database', 'redis', 'memory', 'cookie'] as const),
  LIMITER_STORE: Env.schema.enum.optional(['database', 'redis', 'memory'] as const),

  /* Where uploads wait for validation (default tmp/imports); each instance may have its own */
  IMPORTS_DIRECTORY: Env.schema.string.optional(),

  /* Mail: SMTP when SMTP_HOST is set; otherwise mails are kept in tmp/mailbox (development only) */
  SMTP_HOST: Env.schema.string.optional(),
  /* Quick start without SMTP: where mails are kept (default tmp/mailbox) */
  MAILBOX_DIR: Env.schema.string.optional(),
  SMTP_PORT: Env.schema.number.optional(),
  SMTP_USERNAME: Env.schema.string.optional(),
  SMTP_PASSWORD: Env.schema.string.optional(),
  SMTP_SECURE: Env.schema.boolean.optional(),
  MAIL_FROM_ADDRESS: Env.schema.string.optional(),
  MAIL_FROM_NAME: Env.schema.string.optional(),
  /* The outbox sender: in every web instance (default), or 'off' when `node ace mail:work` runs apart */
  MAIL_SENDER: Env.schema.enum.optional(['in-process', 'off'] as const),
  /* Bulk notifications per minute and sender (default 600); log-in and security mails are not limited */
  MAIL_RATE_PER_MINUTE: Env.schema.number.optional(),
  MAIL_SEND_CONCURRENCY: Env.schema.number.optional(),
  /* First retry after a temporary SMTP failure (default 30 s, doubling, at most 30 min) */
  MAIL_RETRY_BASE_MS: Env.schema.number.optional(),
  MAIL_POLL_INTERVAL_MS: Env.schema.number.optional(),
  MAIL_LEASE_MS: Env.schema.number.optional(),
  /* SMTP timeouts (ms): a slow server makes a mail wait, never a request */
  SMTP_TIMEOUT_MS: Env.schema.number.optional(),

  LOCK_STORE: Env.schema.enum.optional(['database', 'redis', 'memory'] as const),

  /* Staff two-step log-in (TOTP): 'required' makes every staff member link an authenticator app */
  STAFF_TWO_STEP: Env.schema.enum.optional(['optional', 'required'] as const),
})
