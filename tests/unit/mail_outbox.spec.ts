import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import Member from '#models/member'
import LoginCodeMail from '#mails/login_code_mail'
import PasswordChangedMail from '#mails/password_changed_mail'
import PasswordResetMail from '#mails/password_reset_mail'
import RegistrationCompleteMail from '#mails/registration_complete_mail'
import { MemberFactory } from '#database/factories/member_factory'
import { transaction } from '#services/transaction'
import { MAIL_KINDS } from '#domain/mail/mail_kinds'
import {
  GIVE_UP_AFTER,
  OUTBOX_TABLE,
  cancelQueuedMails,
  decodeDetails,
  queueMail,
} from '#domain/mail/outbox'
import {
  BulkBudget,
  RETRY_MAX_MS,
  deliverDueMails,
  retryDelayMs,
  senderSettings,
  startMailSender,
  type SenderSettings,
} from '#domain/mail/mail_sender'
import {
  ScriptedTransport,
  recipientOf,
  scriptedMailer,
  smtpError,
  socketError,
} from '#tests/helpers/scripted_transport'

/*
 * The outbox core, called directly (no HTTP): queueMail, the sender's rounds, classification
 * of SMTP failures, expiry, priorities, leases. No global transaction: rows are committed as in
 * production (the sender reads them on its own connection) and the table is emptied around each
 * test. Mails go through a real Mailer over a scripted transport that fails like nodemailer.
 */

type Row = Record<string, any>

async function rowOf(id: number): Promise<Row> {
  return db.from(OUTBOX_TABLE).where('id', id).firstOrFail()
}

async function columnOf(id: number, column: string): Promise<any> {
  const row = await rowOf(id)
  return row[column]
}

async function statusOf(id: number): Promise<string> {
  return columnOf(id, 'status')
}

/** A stored timestamp (SQLite text in UTC, a Date on PostgreSQL) as a DateTime. */
function stamp(value: string | Date | null): DateTime | null {
  if (value === null) return null
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone: 'utc' })
  return DateTime.fromSQL(value, { zone: 'utc' })
}

/** A fixed moment to the second (SQLite keeps whole seconds). */
function moment(): DateTime {
  return DateTime.utc().startOf('second')
}

function settingsFor(overrides: Partial<SenderSettings> = {}): SenderSettings {
  return senderSettings({
    batchSize: 20,
    concurrency: 4,
    bulkPerMinute: 600,
    retryBaseMs: 30_000,
    leaseMs: 120_000,
    pollIntervalMs: 60_000,
    ...overrides,
  })
}

function round(
  transport: ScriptedTransport,
  options: {
    at?: DateTime
    senderId?: string
    settings?: Partial<SenderSettings>
    budget?: BulkBudget
    now?: () => DateTime
  } = {}
) {
  return deliverDueMails({
    senderId: options.senderId ?? 'sender-a',
    settings: settingsFor(options.settings),
    budget: options.budget,
    now: options.now ?? (options.at ? () => options.at! : undefined),
    mailer: scriptedMailer(transport),
  })
}

function queueCode(recipient: string, at = moment(), code = '482913') {
  return queueMail(
    LoginCodeMail,
    [recipient, '生協 花子', code, at.plus(MAIL_KINDS.login_code.lifetime!)],
    { memberId: null, now: at }
  )
}

function queueNotice(recipient: string, at = moment()) {
  return queueMail(PasswordChangedMail, [recipient, '生協 太郎', at], { memberId: null, now: at })
}

/** A bulk notification (priority 2): no such kind exists yet, so a notice is stored as one. */
async function queueBulk(recipient: string, at = moment()) {
  const id = await queueNotice(recipient, at)
  await db.from(OUTBOX_TABLE).where('id', id).update({ priority: 2 })
  return id
}

async function emptyOutbox() {
  await db.from(OUTBOX_TABLE).delete()
}

test.group('Mail outbox: queueMail', (group) => {
  group.each.setup(async () => {
    await emptyOutbox()
    return emptyOutbox
  })

  test('a mail queued in a transaction that rolls back leaves no row and is never sent', async ({
    assert,
  }) => {
    const transport = new ScriptedTransport()
    await assert.rejects(
      () =>
        transaction(async (trx) => {
          await queueMail(
            LoginCodeMail,
            ['rollback@example.jp', '生協 花子', '111111', DateTime.utc().plus({ minutes: 10 })],
            { memberId: null, trx }
          )
          throw new Error('the change failed')
        }),
      'the change failed'
    )
    assert.lengthOf(await db.from(OUTBOX_TABLE), 0)
    const result = await round(transport)
    assert.equal(result.claimed, 0)
    assert.lengthOf(transport.attempts, 0)
  })

  test('a mail queued in a committed transaction is one row with its recipient, member, priority and expiry', async ({
    assert,
    cleanup,
  }) => {
    const member = await MemberFactory.create()
    cleanup(async () => {
      await Member.query().where('id', member.id).delete()
    })
    const at = moment()
    const expiresAt = at.plus({ minutes: 10 })
    const id = await transaction((trx) =>
      queueMail(LoginCodeMail, ['commit@example.jp', '生協 花子', '734051', expiresAt], {
        memberId: member.id,
        trx,
        now: at,
      })
    )
    const rows = await db.from(OUTBOX_TABLE)
    assert.lengthOf(rows, 1)
    const row = rows[0]
    assert.equal(Number(row.id), id)
    assert.equal(row.kind, 'login_code')
    assert.equal(row.recipient, 'commit@example.jp')
    assert.equal(row.recipient_name, '生協 花子')
    assert.equal(Number(row.member_id), member.id)
    assert.equal(row.status, 'queued')
    assert.equal(Number(row.priority), 0)
    assert.equal(Number(row.attempts), 0)
    assert.equal(stamp(row.available_at)!.toMillis(), at.toMillis())
    assert.equal(stamp(row.expires_at)!.toMillis(), at.plus({ minutes: 10 }).toMillis())
    assert.equal(stamp(row.give_up_at)!.toMillis(), at.plus(GIVE_UP_AFTER).toMillis())

    // The code is in the encrypted payload only, and comes back with its DateTime.
    assert.notInclude(JSON.stringify(row), '734051')
    const details = decodeDetails(row.payload)!
    assert.equal(details[0], '734051')
    assert.isTrue(DateTime.isDateTime(details[1]))
    assert.equal((details[1] as DateTime).toMillis(), expiresAt.toMillis())
  })

  test('each kind gets its priority and lifetime; a mail with no lifetime has no expiry', async ({
    assert,
  }) => {
    const at = moment()
    const reset = await queueMail(
      PasswordResetMail,
      ['reset@example.jp', '生協 花子', 'https://portal.test/reset/abcdef', at.plus({ hours: 1 })],
      { memberId: null, now: at }
    )
    const complete = await queueMail(
      RegistrationCompleteMail,
      ['complete@example.jp', '生協 花子', 'https://portal.test/login'],
      { memberId: null, now: at }
    )
    const notice = await queueNotice('notice@example.jp', at)

    const resetRow = await rowOf(reset)
    assert.equal(Number(resetRow.priority), MAIL_KINDS.password_reset.priority)
    assert.equal(stamp(resetRow.expires_at)!.toMillis(), at.plus({ minutes: 60 }).toMillis())
    assert.notInclude(JSON.stringify(resetRow), 'abcdef')
    const completeRow = await rowOf(complete)
    assert.equal(Number(completeRow.priority), 1)
    assert.isNull(completeRow.expires_at)
    assert.isNull(await columnOf(notice, 'expires_at'))
  })

  test('the payload is erased once the mail is sent', async ({ assert }) => {
    const transport = new ScriptedTransport()
    const id = await queueCode('sent@example.jp')
    const result = await round(transport)
    assert.deepInclude(result, { claimed: 1, sent: 1 })
    const row = await rowOf(id)
    assert.equal(row.status, 'sent')
    assert.isNull(row.payload)
    assert.isNull(row.claimed_by)
    assert.isNotNull(row.sent_at)
    assert.equal(row.smtp_response, '250 2.0.0 Ok: queued as SCRIPTED')
    assert.equal(row.message_id, '<1.scripted@kmypage.test>')
    assert.equal(Number(row.attempts), 1)
    // The mail was built from the stored details.
    assert.include(String(transport.accepted[0].text), '482913')
  })
})

test.group('Mail outbox: SMTP failures', (group) => {
  group.each.setup(async () => {
    await emptyOutbox()
    return emptyOutbox
  })

  test('a 5xx answer fails the mail with the answer, once, and it is never claimed again', async ({
    assert,
  }) => {
    const answer = '550 5.1.1 <nobody@example.jp>: Recipient address rejected: User unknown'
    const transport = new ScriptedTransport(() => smtpError('EENVELOPE', answer))
    const id = await queueCode('nobody@example.jp')

    const first = await round(transport)
    assert.deepInclude(first, { claimed: 1, failed: 1, sent: 0, retried: 0 })
    const row = await rowOf(id)
    assert.equal(row.status, 'failed')
    assert.equal(row.smtp_response, answer)
    assert.equal(Number(row.attempts), 1)
    assert.isNull(row.payload)
    assert.isNull(row.claimed_by)

    const later = await round(transport, { at: moment().plus({ days: 1 }) })
    assert.equal(later.claimed, 0)
    assert.lengthOf(transport.attempts, 1)
  })

  test('a 4xx answer queues the mail again after the back-off, then it is sent', async ({
    assert,
  }) => {
    const answer = '451 4.7.1 Greylisted, please try again later'
    const transport = new ScriptedTransport((_message, attempt) =>
      attempt === 1 ? smtpError('EENVELOPE', answer) : undefined
    )
    const at = moment()
    const id = await queueNotice('grey@example.jp', at)

    const first = await round(transport, { at, settings: { retryBaseMs: 60_000 } })
    assert.deepInclude(first, { claimed: 1, retried: 1 })
    const row = await rowOf(id)
    assert.equal(row.status, 'queued')
    assert.equal(row.smtp_response, answer)
    assert.equal(Number(row.attempts), 1)
    assert.isNotNull(row.payload, 'kept for the next attempt')
    assert.isNull(row.claimed_by)
    // 60 s ±20 % (SQLite keeps whole seconds).
    const delay = stamp(row.available_at)!.diff(at).as('milliseconds')
    assert.isAtLeast(delay, 48_000 - 1000)
    assert.isAtMost(delay, 72_000)

    const early = await round(transport, { at: at.plus({ seconds: 40 }) })
    assert.equal(early.claimed, 0, 'not before the back-off')
    const due = await round(transport, { at: at.plus({ seconds: 73 }) })
    assert.deepInclude(due, { claimed: 1, sent: 1 })
    const sent = await rowOf(id)
    assert.equal(sent.status, 'sent')
    assert.equal(Number(sent.attempts), 2)
    assert.isNull(sent.payload)
    assert.lengthOf(transport.accepted, 1)
  })

  test('421, connection refused, timeout and a refused SMTP log-in are retried', async ({
    assert,
  }) => {
    const failures: Record<string, Error> = {
      'c421@example.jp': smtpError('ECONNECTION', '421 4.3.2 Service not available', 'CONN'),
      'refused@example.jp': socketError('ECONNREFUSED'),
      'timeout@example.jp': socketError('ETIMEDOUT'),
      'greeting@example.jp': smtpError('ETIMEDOUT', undefined, 'CONN'),
      'auth@example.jp': smtpError(
        'EAUTH',
        '535 5.7.8 Authentication credentials invalid',
        'AUTH PLAIN'
      ),
      'closed@example.jp': smtpError('ECONNECTION', undefined, 'CONN'),
    }
    const transport = new ScriptedTransport((message) => failures[recipientOf(message)])
    const ids = new Map<string, number>()
    for (const recipient of Object.keys(failures)) ids.set(recipient, await queueNotice(recipient))

    const result = await round(transport)
    assert.deepInclude(result, { claimed: 6, retried: 6, failed: 0 })
    for (const [recipient, id] of ids) {
      const row = await rowOf(id)
      assert.equal(row.status, 'queued', recipient)
      assert.isNotNull(row.payload, recipient)
      assert.isNotEmpty(row.smtp_response, recipient)
    }
    const refused = await rowOf(ids.get('refused@example.jp')!)
    assert.include(refused.smtp_response, 'ECONNREFUSED')
  })

  test('a temporary failure after give_up_at fails the mail with the last answer', async ({
    assert,
  }) => {
    const at = moment()
    const transport = new ScriptedTransport(() => socketError('ECONNREFUSED'))
    const id = await queueNotice('gone@example.jp', at)
    const result = await round(transport, { at: at.plus(GIVE_UP_AFTER).plus({ minutes: 1 }) })
    assert.deepInclude(result, { failed: 1 })
    const row = await rowOf(id)
    assert.equal(row.status, 'failed')
    assert.include(row.smtp_response, 'ECONNREFUSED')
    assert.isNull(row.payload)
  })

  test('the back-off doubles per attempt, stays within its jitter and never exceeds the cap', ({
    assert,
    cleanup,
  }) => {
    const random = Math.random
    cleanup(() => {
      Math.random = random
    })
    for (const [value, factor] of [
      [0, 0.8],
      [0.999999, 1.2],
    ]) {
      Math.random = () => value
      assert.closeTo(retryDelayMs(1, 30_000), 30_000 * factor, 1)
      assert.closeTo(retryDelayMs(2, 30_000), 60_000 * factor, 1)
      assert.closeTo(retryDelayMs(3, 30_000), 120_000 * factor, 1)
      for (const attempts of [7, 8, 20, 2000]) {
        const delay = retryDelayMs(attempts, 30_000)
        assert.isAtMost(delay, RETRY_MAX_MS, `attempt ${attempts}`)
        assert.isAtLeast(delay, RETRY_MAX_MS * 0.8 - 1, `attempt ${attempts}`)
      }
    }
  })

  test('a 5xx greeting is the server refusing the portal, not this mail: retried', async ({
    assert,
  }) => {
    const transport = new ScriptedTransport(() =>
      smtpError('EPROTOCOL', '554 5.7.1 No SMTP service here', 'CONN')
    )
    const id = await queueCode('greeted@example.jp')
    const result = await round(transport)
    assert.deepInclude(result, { retried: 1, failed: 0 })
    assert.equal(await statusOf(id), 'queued')
  })

  test('an address the mailer refuses before asking the server fails at once', async ({
    assert,
  }) => {
    const transport = new ScriptedTransport(() => smtpError('EENVELOPE', undefined, 'API'))
    const id = await queueNotice('broken@example.jp')
    const result = await round(transport)
    assert.deepInclude(result, { failed: 1, retried: 0 })
    const row = await rowOf(id)
    assert.equal(row.status, 'failed')
    assert.isNull(row.payload)
  })
})

test.group('Mail outbox: expiry', (group) => {
  group.each.setup(async () => {
    await emptyOutbox()
    return emptyOutbox
  })

  test('a log-in code still queued after its 10 minutes is expired, not sent', async ({
    assert,
  }) => {
    const at = moment()
    const transport = new ScriptedTransport()
    const id = await queueCode('late@example.jp', at)
    const result = await round(transport, { at: at.plus({ minutes: 10, seconds: 1 }) })
    assert.deepInclude(result, { expired: 1, claimed: 0 })
    const row = await rowOf(id)
    assert.equal(row.status, 'expired')
    assert.isNull(row.payload)
    assert.isNull(row.sent_at)
    assert.lengthOf(transport.attempts, 0)
  })

  test('a mail with no lifetime is sent however late', async ({ assert }) => {
    const at = moment()
    const transport = new ScriptedTransport()
    const id = await queueNotice('patient@example.jp', at)
    await round(transport, { at: at.plus({ days: 2 }) })
    assert.equal(await statusOf(id), 'sent')
  })

  test('a code claimed in time whose turn comes after its expiry is expired, not sent late', async ({
    assert,
  }) => {
    const at = moment()
    let clock = at.plus({ minutes: 9 })
    // The first hand-over takes two minutes (a slow server): the second code's time runs out.
    const transport = new ScriptedTransport(() => {
      clock = clock.plus({ minutes: 2 })
      return undefined
    })
    const first = await queueCode('first@example.jp', at)
    const second = await queueCode('second@example.jp', at)
    await round(transport, { now: () => clock, settings: { concurrency: 1 } })
    assert.equal(await statusOf(first), 'sent')
    const row = await rowOf(second)
    assert.equal(row.status, 'expired')
    assert.isNull(row.payload)
    assert.deepEqual(transport.attempts, ['first@example.jp'])
  })
})

test.group('Mail outbox: priorities and the bulk budget', (group) => {
  group.each.setup(async () => {
    await emptyOutbox()
    return emptyOutbox
  })

  test('bulk mails are held to the budget per minute; others are not', async ({ assert }) => {
    const at = moment()
    for (let i = 0; i < 25; i++) await queueBulk(`bulk${i}@example.jp`, at)
    for (let i = 0; i < 25; i++) await queueNotice(`notice${i}@example.jp`, at)
    const transport = new ScriptedTransport()
    const budget = new BulkBudget(10)
    for (let i = 0; i < 10; i++) {
      await round(transport, { at, budget, settings: { batchSize: 5, bulkPerMinute: 10 } })
    }
    const sent = transport.acceptedRecipients()
    assert.lengthOf(
      sent.filter((to) => to.startsWith('notice')),
      25
    )
    assert.lengthOf(
      sent.filter((to) => to.startsWith('bulk')),
      10
    )
  })

  test('BulkBudget: a sliding minute', ({ assert }) => {
    const budget = new BulkBudget(3)
    const t0 = 1_000_000
    assert.equal(budget.available(t0), 3)
    budget.spend(2, t0)
    budget.spend(1, t0 + 10_000)
    assert.equal(budget.available(t0 + 20_000), 0)
    assert.equal(budget.waitMs(t0 + 20_000), 40_000)
    assert.equal(budget.available(t0 + 60_001), 2)
    assert.equal(budget.waitMs(t0 + 60_001), 0)
    assert.equal(budget.available(t0 + 70_001), 3)
  })

  test('a log-in code queued after many bulk mails is claimed first', async ({ assert }) => {
    const at = moment()
    for (let i = 0; i < 30; i++) await queueBulk(`bulk${i}@example.jp`, at)
    await queueMail(
      RegistrationCompleteMail,
      ['complete@example.jp', '生協 花子', 'https://portal.test/login'],
      { memberId: null, now: at }
    )
    await queueCode('code@example.jp', at)
    const transport = new ScriptedTransport()
    await round(transport, { at, settings: { batchSize: 5, concurrency: 1 } })
    // Priority 0, then 1, then the bulk rows in the order they were queued.
    assert.deepEqual(transport.acceptedRecipients().slice(0, 4), [
      'code@example.jp',
      'complete@example.jp',
      'bulk0@example.jp',
      'bulk1@example.jp',
    ])
  })
})

test.group('Mail outbox: leases', (group) => {
  group.each.setup(async () => {
    await emptyOutbox()
    return emptyOutbox
  })

  async function claimAs(id: number, senderId: string, until: DateTime) {
    await db
      .from(OUTBOX_TABLE)
      .where('id', id)
      .update({
        status: 'sending',
        claimed_by: senderId,
        claimed_until: until.toUTC().toFormat(db.connection().dialect.dateTimeFormat),
        attempts: 1,
      })
  }

  test('a row whose lease passed is claimed again by another sender; a live lease is not', async ({
    assert,
  }) => {
    const at = moment()
    const stale = await queueNotice('stale@example.jp', at)
    const live = await queueNotice('live@example.jp', at)
    await claimAs(stale, 'dead-sender', at.minus({ seconds: 1 }))
    await claimAs(live, 'busy-sender', at.plus({ minutes: 1 }))
    const transport = new ScriptedTransport()
    const result = await round(transport, { at, senderId: 'sender-b' })
    assert.deepInclude(result, { claimed: 1, sent: 1 })
    assert.deepEqual(transport.acceptedRecipients(), ['stale@example.jp'])
    const row = await rowOf(stale)
    assert.equal(row.status, 'sent')
    assert.equal(Number(row.attempts), 2)
    assert.equal(await statusOf(live), 'sending')
  })

  test('a sender that lost its claim cannot settle the row', async ({ assert }) => {
    const id = await queueNotice('taken@example.jp')
    const transport = new ScriptedTransport(async () => {
      // While this sender hands the mail over, its lease is taken by another one.
      await db.from(OUTBOX_TABLE).where('id', id).update({ claimed_by: 'sender-b' })
      return undefined
    })
    await round(transport, { senderId: 'sender-a' })
    const row = await rowOf(id)
    assert.equal(row.status, 'sending')
    assert.equal(row.claimed_by, 'sender-b')
    assert.isNull(row.sent_at)
  })

  test('rows another sender took over while this one was slow are not sent twice', async ({
    assert,
  }) => {
    // Sender A claims 4 rows at T (lease 60 s); each hand-over takes it 35 s (within the SMTP
    // timeouts). At T+65 s, while A hands over its second mail, sender B runs a round.
    const start = moment()
    for (let i = 0; i < 4; i++) await queueNotice(`slow${i}@example.jp`, start)
    const transport = new ScriptedTransport()
    let clockA = start
    let sendsByA = 0
    let insideB = false
    transport.script = async () => {
      if (insideB) return undefined
      sendsByA++
      clockA = clockA.plus({ seconds: 35 })
      if (sendsByA === 2) {
        insideB = true
        await round(transport, {
          senderId: 'sender-b',
          at: start.plus({ seconds: 65 }),
          settings: { leaseMs: 60_000 },
        })
        insideB = false
      }
      return undefined
    }
    await round(transport, {
      senderId: 'sender-a',
      now: () => clockA,
      settings: { leaseMs: 60_000, concurrency: 1 },
    })
    assert.deepEqual(
      [...transport.acceptedCounts()].sort(),
      [0, 1, 2, 3].map((i) => [`slow${i}@example.jp`, 1])
    )
    const rows = await db.from(OUTBOX_TABLE).orderBy('id')
    assert.deepEqual(
      rows.map((row) => row.status),
      ['sent', 'sent', 'sent', 'sent']
    )
  })
})

test.group('Mail outbox: cancelQueuedMails', (group) => {
  group.each.setup(async () => {
    await emptyOutbox()
    return emptyOutbox
  })

  test('cancels only the queued rows of that cause, erasing their payload', async ({ assert }) => {
    const at = moment()
    const cause = 'billing-month:2026-10'
    const queue = (recipient: string, withCause: string | undefined) =>
      queueMail(PasswordChangedMail, [recipient, '生協 太郎', at], {
        memberId: null,
        now: at,
        cause: withCause,
      })
    const queued = [await queue('a@example.jp', cause), await queue('b@example.jp', cause)]
    const sending = await queue('c@example.jp', cause)
    await db.from(OUTBOX_TABLE).where('id', sending).update({ status: 'sending' })
    const sent = await queue('d@example.jp', cause)
    await db.from(OUTBOX_TABLE).where('id', sent).update({ status: 'sent', payload: null })
    const other = await queue('e@example.jp', 'billing-month:2026-11')
    const none = await queue('f@example.jp', undefined)

    const count = await transaction((trx) => cancelQueuedMails(cause, trx))
    assert.equal(count, 2)
    for (const id of queued) {
      const row = await rowOf(id)
      assert.equal(row.status, 'cancelled')
      assert.isNull(row.payload)
    }
    assert.equal(await statusOf(sending), 'sending')
    assert.equal(await statusOf(sent), 'sent')
    assert.equal(await statusOf(other), 'queued')
    assert.equal(await statusOf(none), 'queued')
  })
})

test.group('Mail outbox: several senders at once', (group) => {
  group.each.setup(async () => {
    await emptyOutbox()
    return emptyOutbox
  })
  group.each.timeout(60_000)

  test('four senders draining 200 mails together send each exactly once', async ({ assert }) => {
    // Each round runs on its own pooled connection (on PostgreSQL really in parallel): no
    // global transaction joins them.
    const at = moment()
    for (let i = 0; i < 150; i++) await queueNotice(`notice${i}@example.jp`, at)
    for (let i = 0; i < 50; i++) await queueBulk(`bulk${i}@example.jp`, at)
    const transport = new ScriptedTransport(async () => {
      // Let the other senders run between claim and settle.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 3))
      return undefined
    })
    let claims = 0
    const drain = async (senderId: string) => {
      for (let i = 0; i < 100; i++) {
        const result = await round(transport, {
          senderId,
          settings: { batchSize: 7, concurrency: 3 },
        })
        claims += result.claimed
        if (result.claimed === 0) return
      }
    }
    await Promise.all(['s1', 's2', 's3', 's4'].map(drain))

    // Each row was claimed by one sender only (not merely sent once thanks to the lease check).
    assert.equal(claims, 200)
    const counts = transport.acceptedCounts()
    assert.equal(counts.size, 200)
    assert.deepEqual(
      [...counts.values()].filter((count) => count !== 1),
      [],
      'no mail was handed over twice'
    )
    assert.lengthOf(transport.attempts, 200)
    const statuses = await db.from(OUTBOX_TABLE).select('status').count('* as n').groupBy('status')
    assert.deepEqual(
      statuses.map((row) => [row.status, Number(row.n)]),
      [['sent', 200]]
    )
  })
})

test.group('Mail outbox: the running sender', (group) => {
  group.each.setup(async () => {
    await emptyOutbox()
    return emptyOutbox
  })
  group.each.timeout(20_000)

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  async function until(check: () => boolean | Promise<boolean>, limitMs = 5000) {
    const started = Date.now()
    while (!(await check())) {
      if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`)
      await pause(10)
    }
    return Date.now() - started
  }

  test('a committed mail wakes the sender at once, not after the poll interval', async ({
    assert,
    cleanup,
  }) => {
    const transport = new ScriptedTransport()
    const sender = startMailSender(
      { pollIntervalMs: 60_000 },
      { mailer: scriptedMailer(transport) }
    )
    cleanup(() => sender.stop())
    await pause(200) // its first round found nothing: it sleeps for a minute

    await transaction((trx) =>
      queueMail(PasswordChangedMail, ['woken@example.jp', '生協 太郎', moment()], {
        memberId: null,
        trx,
      })
    )
    const elapsed = await until(() => transport.accepted.length === 1)
    assert.isBelow(elapsed, 1000)
  })

  test('the sender keeps going after the database failed', async ({ assert, cleanup }) => {
    const transport = new ScriptedTransport()
    const level = logger.level
    logger.level = 'fatal' // the failing rounds log errors: expected here
    cleanup(() => {
      logger.level = level
    })
    const sender = startMailSender({ pollIntervalMs: 50 }, { mailer: scriptedMailer(transport) })
    cleanup(() => sender.stop())
    await db.rawQuery(`ALTER TABLE ${OUTBOX_TABLE} RENAME TO ${OUTBOX_TABLE}_away`)
    try {
      await pause(300) // several rounds fail
    } finally {
      await db.rawQuery(`ALTER TABLE ${OUTBOX_TABLE}_away RENAME TO ${OUTBOX_TABLE}`)
    }
    await queueNotice('after@example.jp')
    await until(() => transport.accepted.length === 1)
    assert.deepEqual(transport.acceptedRecipients(), ['after@example.jp'])
  })

  test('a sleeping sender does not keep the process alive', async ({ assert, cleanup }) => {
    const timers = () =>
      process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length
    const before = timers()
    const sender = startMailSender(
      { pollIntervalMs: 60_000 },
      { mailer: scriptedMailer(new ScriptedTransport()) }
    )
    cleanup(() => sender.stop())
    await pause(200)
    // Timers of earlier tests may end meanwhile: the sender must add none that holds the process.
    assert.isAtMost(timers(), before)
  })

  test('stop() resolves without sending the rest and gives back the unsent claims', async ({
    assert,
  }) => {
    const ids: number[] = []
    for (let i = 0; i < 6; i++) ids.push(await queueNotice(`stop${i}@example.jp`))
    const transport = new ScriptedTransport(async () => {
      await pause(150)
      return undefined
    })
    const sender = startMailSender(
      { pollIntervalMs: 60_000, concurrency: 1 },
      { mailer: scriptedMailer(transport) }
    )
    await until(() => transport.attempts.length === 1)
    await sender.stop()

    assert.isAtMost(transport.accepted.length, 2)
    const rows = await db.from(OUTBOX_TABLE).whereIn('id', ids).orderBy('id')
    const sentCount = rows.filter((row) => row.status === 'sent').length
    assert.equal(sentCount, transport.accepted.length)
    for (const row of rows.filter((r) => r.status !== 'sent')) {
      assert.equal(row.status, 'queued')
      assert.isNull(row.claimed_by)
      assert.isNull(row.claimed_until)
      assert.equal(Number(row.attempts), 0, 'a released mail was not attempted')
      assert.isNotNull(row.payload)
    }
    // Another sender sends the rest, once each.
    await round(transport, { senderId: 'next' })
    assert.equal(transport.acceptedCounts().size, 6)
    assert.deepEqual([...new Set(transport.acceptedCounts().values())], [1])
  })
})
