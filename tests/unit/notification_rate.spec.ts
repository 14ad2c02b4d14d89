import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import LoginCodeMail from '#mails/login_code_mail'
import StatementPublishedMail from '#mails/statement_published_mail'
import { dbTimestamp } from '#domain/common/db_time'
import { encodeDetails, queueMail } from '#domain/mail/outbox'
import { BulkBudget, deliverDueMails, senderSettings } from '#domain/mail/mail_sender'

const BULK = 50_000

/** 50,000 queued statement notifications in one statement (what a committed month makes). */
async function queueBulk(count: number) {
  const pg = db.connection().dialect.name === 'postgres'
  const ts = pg ? 'CAST(? AS timestamptz)' : '?'
  const now = DateTime.utc().minus({ seconds: 1 })
  await db.rawQuery(
    `INSERT INTO mail_outbox (kind, member_id, recipient, recipient_name, payload, status,
       priority, attempts, available_at, expires_at, give_up_at, cause, created_at, updated_at)
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     SELECT 'statement_published', NULL, 'bulk' || i || '@example.jp', '組合員', ?, 'queued', 2, 0,
       ${ts}, NULL, ${ts}, 'statements:2026-10:1', ${ts}, ${ts}
     FROM n`,
    [
      count,
      encodeDetails(['2026-10']),
      dbTimestamp(now),
      dbTimestamp(now.plus({ days: 3 })),
      dbTimestamp(now),
      dbTimestamp(now),
    ]
  )
}

test.group('Sender: bulk notifications at MAIL_RATE_PER_MINUTE, log-in codes first', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('a log-in code queued after 50,000 notifications is claimed in the first round', async ({
    assert,
  }) => {
    const { mails } = mail.fake()
    await queueBulk(BULK)
    await queueMail(
      LoginCodeMail,
      ['late@example.jp', '山田 花子', '123456', DateTime.utc().plus({ minutes: 10 })],
      { memberId: null }
    )
    const settings = senderSettings({ bulkPerMinute: 5, batchSize: 20 })
    const budget = new BulkBudget(settings.bulkPerMinute)

    const first = await deliverDueMails({ senderId: 'rate-test', settings, budget })
    assert.equal(first.claimed, 6, 'the code and 5 notifications (the bulk budget)')
    assert.lengthOf(
      mails.sent((m) => m instanceof LoginCodeMail),
      1
    )
    assert.lengthOf(
      mails.sent((m) => m instanceof StatementPublishedMail),
      5
    )

    // The minute's budget is spent: the next round sends no notification, nothing is lost.
    const second = await deliverDueMails({ senderId: 'rate-test', settings, budget })
    assert.equal(second.claimed, 0)
    const left = await db
      .from('mail_outbox')
      .where('kind', 'statement_published')
      .where('status', 'queued')
      .count('* as n')
      .first()
    assert.equal(Number(left.n), BULK - 5)
    assert.isAbove(budget.waitMs(), 50_000)
  })

  test('MAIL_RATE_PER_MINUTE sets the bulk budget', async ({ assert }) => {
    const saved = process.env.MAIL_RATE_PER_MINUTE
    process.env.MAIL_RATE_PER_MINUTE = '120'
    try {
      assert.equal(senderSettings().bulkPerMinute, 120)
    } finally {
      if (saved === undefined) delete process.env.MAIL_RATE_PER_MINUTE
      else process.env.MAIL_RATE_PER_MINUTE = saved
    }
    const budget = new BulkBudget(120)
    budget.spend(120, 1_000)
    assert.equal(budget.available(1_000 + 59_999), 0)
    assert.equal(budget.available(1_000 + 60_001), 120)
  })
})
