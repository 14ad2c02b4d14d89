import { test } from '@japa/runner'
import { Duration } from 'luxon'
import { MAIL_KINDS } from '#domain/mail/mail_kinds'
import { GIVE_UP_AFTER } from '#domain/mail/outbox'
import { RETRY_MAX_MS, senderSettings } from '#domain/mail/mail_sender'
import {
  FAILED_LIST_LIMIT,
  FAILED_WINDOW_HOURS,
  HISTORY_DAYS,
  HISTORY_LIMIT,
} from '#domain/mail/delivery_history'

/*
| The numbers README "Mail" and .env.example promise, written as literals: changing one must
| fail here and be a deliberate edit of the README too.
*/
const SETTINGS_ENV = [
  'MAIL_RATE_PER_MINUTE',
  'MAIL_SEND_CONCURRENCY',
  'MAIL_RETRY_BASE_MS',
  'MAIL_LEASE_MS',
  'MAIL_POLL_INTERVAL_MS',
]

function minutesOf(lifetime: unknown) {
  return lifetime === null ? null : Duration.fromDurationLike(lifetime as any).as('minutes')
}

test.group('Mail: the documented numbers', () => {
  test('temporary failures are retried for 72 hours, 30 s doubling up to 30 minutes', ({
    assert,
    cleanup,
  }) => {
    const saved = SETTINGS_ENV.map((name) => [name, process.env[name]] as const)
    for (const name of SETTINGS_ENV) delete process.env[name]
    cleanup(() => {
      for (const [name, value] of saved) if (value !== undefined) process.env[name] = value
    })

    assert.equal(Duration.fromDurationLike(GIVE_UP_AFTER).as('hours'), 72)
    assert.equal(RETRY_MAX_MS, 1_800_000)
    const defaults = senderSettings()
    assert.equal(defaults.retryBaseMs, 30_000)
    assert.equal(defaults.bulkPerMinute, 600)
    assert.equal(defaults.leaseMs, 120_000)
    assert.equal(defaults.pollIntervalMs, 2_000)
    assert.equal(defaults.concurrency, 4)
  })

  test('each kind expires as its code or link does, and log-in and security mails go first', ({
    assert,
  }) => {
    const table = Object.fromEntries(
      Object.entries(MAIL_KINDS).map(([kind, entry]) => [
        kind,
        { minutes: minutesOf(entry.lifetime), priority: entry.priority },
      ])
    )
    assert.deepEqual(table, {
      login_code: { minutes: 10, priority: 0 },
      password_reset: { minutes: 60, priority: 0 },
      registration_confirm: { minutes: 1440, priority: 0 },
      email_change_confirm: { minutes: 1440, priority: 0 },
      account_locked: { minutes: null, priority: 0 },
      password_changed: { minutes: null, priority: 0 },
      email_changed: { minutes: null, priority: 0 },
      registration_complete: { minutes: null, priority: 1 },
      affiliation_request_decided: { minutes: null, priority: 1 },
      inquiry_replied: { minutes: null, priority: 1 },
      statement_published: { minutes: 10_080, priority: 2 },
    })
  })

  test('the desk sees 50 mails of 90 days; the dashboard the failures of 24 hours, 10 listed', ({
    assert,
  }) => {
    assert.equal(HISTORY_LIMIT, 50)
    assert.equal(HISTORY_DAYS, 90)
    assert.equal(FAILED_WINDOW_HOURS, 24)
    assert.equal(FAILED_LIST_LIMIT, 10)
  })
})
