import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import mail from '@adonisjs/mail/services/main'
import logger from '@adonisjs/core/services/logger'
import type { BaseMail } from '@adonisjs/mail'
import { dbTimestamp } from '#domain/common/db_time'
import { MAIL_KINDS, isMailKind } from '#domain/mail/mail_kinds'
import { OUTBOX_TABLE, decodeDetails, outboxEvents } from '#domain/mail/outbox'

/**
 * Drains the outbox. Rows are claimed by one UPDATE (on PostgreSQL over `FOR UPDATE SKIP
 * LOCKED`), so several senders — every web instance, `node ace mail:work` processes — never
 * take the same mail. A claim is a lease: a sender that dies mid-send leaves rows that are
 * claimable again once the lease ends.
 *
 * Outcomes of one attempt:
 * - accepted (2xx): sent, with the server's answer and the Message-ID;
 * - refused for good (5xx): failed, with the server's answer, never retried;
 * - temporary (4xx, connection refused, timeout, authentication): queued again after a
 *   back-off, until give_up_at (72 h), then failed;
 * - content expired (a 10-minute code not sent in time): expired, never sent late.
 * Once settled, the payload (which may hold a code or a link) is erased.
 */

export interface SenderSettings {
  /** Rows claimed per round and per priority class. */
  batchSize: number
  /** Mails handed to the server at once. */
  concurrency: number
  /** Bulk notifications (priority 2) per minute and sender; log-in and other mails are not limited. */
  bulkPerMinute: number
  /** First retry delay; doubled per attempt, at most RETRY_MAX_MS. */
  retryBaseMs: number
  /** How long a claim holds before another sender may take the row. */
  leaseMs: number
  /** Sleep between rounds when nothing woke the sender. */
  pollIntervalMs: number
}

export const RETRY_MAX_MS = 30 * 60_000

/** What the phone desk reads on a mail dropped because its content expired. */
const EXPIRED_ANSWER = '有効期限までに送信できなかったため、送信を取りやめました。'

function positiveNumber(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

export function senderSettings(overrides: Partial<SenderSettings> = {}): SenderSettings {
  return {
    batchSize: 20,
    concurrency: positiveNumber('MAIL_SEND_CONCURRENCY', 4),
    bulkPerMinute: positiveNumber('MAIL_RATE_PER_MINUTE', 600),
    retryBaseMs: positiveNumber('MAIL_RETRY_BASE_MS', 30_000),
    leaseMs: positiveNumber('MAIL_LEASE_MS', 120_000),
    pollIntervalMs: positiveNumber('MAIL_POLL_INTERVAL_MS', 2_000),
    ...overrides,
  }
}

export function newSenderId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`.slice(0, 100)
}

export interface ClaimedMail {
  id: number
  kind: string
  member_id: number | null
  recipient: string
  recipient_name: string
  payload: string | null
  attempts: number
  give_up_at: string | Date
  priority: number
}

function affectedRows(result: unknown): number {
  return Array.isArray(result) ? Number(result[0] ?? result.length) : Number(result)
}

/** Queued (or stale-claimed) mails whose content expired are dropped without sending. */
async function expireDue(now: DateTime): Promise<number> {
  const at = dbTimestamp(now)
  const result = await db
    .from(OUTBOX_TABLE)
    .whereNotNull('expires_at')
    .where('expires_at', '<=', at)
    .where((query) =>
      query
        .where('status', 'queued')
        .orWhere((stale) => stale.where('status', 'sending').where('claimed_until', '<', at))
    )
    .update({
      status: 'expired',
      payload: null,
      claimed_by: null,
      claimed_until: null,
      smtp_response: EXPIRED_ANSWER,
      updated_at: at,
    })
  return affectedRows(result)
}

async function claim(
  senderId: string,
  now: DateTime,
  leaseMs: number,
  priorities: 'urgent' | 'bulk',
  limit: number
): Promise<ClaimedMail[]> {
  if (limit <= 0) return []
  const at = dbTimestamp(now)
  const due = db
    .from(OUTBOX_TABLE)
    .select('id')
    .where((query) =>
      query
        .where((queued) => queued.where('status', 'queued').where('available_at', '<=', at))
        .orWhere((stale) => stale.where('status', 'sending').where('claimed_until', '<', at))
    )
    .where((query) => query.whereNull('expires_at').orWhere('expires_at', '>', at))
    .where('priority', priorities === 'bulk' ? '=' : '<', 2)
    .orderBy('priority')
    .orderBy('id')
    .limit(limit)
  if (db.connection().dialect.name === 'postgres') due.forUpdate().skipLocked()

  const rows: ClaimedMail[] = await db
    .from(OUTBOX_TABLE)
    .whereIn('id', due)
    .update(
      {
        status: 'sending',
        claimed_by: senderId,
        claimed_until: dbTimestamp(now.plus({ milliseconds: leaseMs })),
        attempts: db.knexRawQuery('attempts + 1'),
        updated_at: at,
      },
      [
        'id',
        'kind',
        'member_id',
        'recipient',
        'recipient_name',
        'payload',
        'attempts',
        'give_up_at',
        'priority',
      ]
    )
  // RETURNING comes in no particular order: hand over in the order claimed (priority, then age).
  return rows.sort((a, b) => Number(a.priority) - Number(b.priority) || Number(a.id) - Number(b.id))
}

/** Updates a claimed row only while this sender still holds the claim. */
async function settle(mailId: number, senderId: string, values: Record<string, unknown>) {
  await db
    .from(OUTBOX_TABLE)
    .where('id', mailId)
    .where('status', 'sending')
    .where('claimed_by', senderId)
    .update({ claimed_by: null, claimed_until: null, ...values })
}

/**
 * Right before a claimed mail is handed over: renews this sender's lease, so the hand-over
 * itself (bounded by the SMTP timeouts) runs under a full lease. A batch is claimed at once
 * but sent `concurrency` at a time: without this, rows still waiting their turn after the
 * lease ran out were taken (and sent) by another sender, then sent again by this one; and a
 * code claimed in time whose turn came after its expiry was sent late.
 */
async function renewClaim(
  row: ClaimedMail,
  senderId: string,
  at: DateTime,
  leaseMs: number
): Promise<'go' | 'expired' | 'lost'> {
  const now = dbTimestamp(at)
  const mine = () =>
    db
      .from(OUTBOX_TABLE)
      .where('id', row.id)
      .where('status', 'sending')
      .where('claimed_by', senderId)
  const renewed = await mine()
    .where((query) => query.whereNull('expires_at').orWhere('expires_at', '>', now))
    .update({ claimed_until: dbTimestamp(at.plus({ milliseconds: leaseMs })), updated_at: now })
  if (affectedRows(renewed) > 0) return 'go'
  const expired = await mine().where('expires_at', '<=', now).update({
    status: 'expired',
    payload: null,
    claimed_by: null,
    claimed_until: null,
    smtp_response: EXPIRED_ANSWER,
    updated_at: now,
  })
  return affectedRows(expired) > 0 ? 'expired' : 'lost'
}

interface SmtpError {
  responseCode?: number
  response?: string
  code?: string
  command?: string
  message?: string
}

/**
 * Answers given before the server looked at any mail (greeting, EHLO, TLS, log-in) say the
 * server refuses the portal right now (misconfiguration, overload, blocklist): every mail
 * would get the same answer, so none of them is failed for it.
 */
const CONNECTION_COMMANDS = new Set(['CONN', 'EHLO', 'HELO', 'LHLO', 'STARTTLS'])
const CONNECTION_CODES = new Set(['EAUTH', 'ECONNECTION', 'EPROTOCOL', 'ETLS', 'ESOCKET', 'EDNS'])

/**
 * 5xx answers to this mail (MAIL FROM, RCPT TO, DATA) are the server's final word on it, and
 * so is nodemailer refusing the message before asking the server (command 'API': no
 * recipient, an invalid address, too large). Everything else may pass later.
 */
export function isPermanentFailure(error: SmtpError): boolean {
  // A rejected log-in (535) is the portal's configuration, not the mail's fault: retried.
  if (error.code && CONNECTION_CODES.has(error.code)) return false
  if (error.command && (CONNECTION_COMMANDS.has(error.command) || error.command.startsWith('AUTH')))
    return false
  if (typeof error.responseCode === 'number') return error.responseCode >= 500
  return error.command === 'API' && (error.code === 'EENVELOPE' || error.code === 'EMESSAGE')
}

export function describeFailure(error: SmtpError): string {
  const text = error.response ?? [error.code, error.message].filter(Boolean).join(' ')
  return (text || 'unknown error').slice(0, 1000)
}

export function retryDelayMs(attempts: number, baseMs: number): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS)
  // ±20 %: mails that failed together do not all come back in the same second. The cap
  // holds after the jitter (start/env.ts promises "at most 30 min").
  return Math.round(Math.min(delay * (0.8 + Math.random() * 0.4), RETRY_MAX_MS))
}

function timestampOf(value: string | Date): DateTime {
  return value instanceof Date
    ? DateTime.fromJSDate(value)
    : DateTime.fromSQL(value, { zone: 'utc' }).isValid
      ? DateTime.fromSQL(value, { zone: 'utc' })
      : DateTime.fromISO(value, { zone: 'utc' })
}

function buildMail(row: ClaimedMail): BaseMail {
  if (!isMailKind(row.kind)) throw new Error(`unknown mail kind ${row.kind}`)
  const details = row.payload ? decodeDetails(row.payload) : null
  if (!details) throw new Error('the payload cannot be read (was APP_KEY changed?)')
  const MailClass = MAIL_KINDS[row.kind].mail as new (...args: unknown[]) => BaseMail
  const built = new MailClass(row.recipient, row.recipient_name, ...details)
  const withHook = built as BaseMail & {
    beforeOutboxSend?: (row: { id: number; memberId: number | null }) => void
  }
  withHook.beforeOutboxSend?.({ id: Number(row.id), memberId: row.member_id })
  return built
}

export type AttemptOutcome = 'sent' | 'retry' | 'failed' | 'expired' | 'lost'

/** What hands a built mail to the server: the default mailer unless a test gives its own. */
export interface MailSink {
  send(mail: BaseMail): Promise<unknown>
}

async function sendClaimed(
  row: ClaimedMail,
  senderId: string,
  settings: SenderSettings,
  now: () => DateTime,
  mailer: MailSink | undefined
): Promise<AttemptOutcome> {
  const lease = await renewClaim(row, senderId, now(), settings.leaseMs)
  if (lease !== 'go') return lease
  let built: BaseMail
  try {
    built = buildMail(row)
  } catch (error) {
    logger.error({ err: error, mailId: row.id }, 'an outbox mail cannot be built')
    await settle(row.id, senderId, {
      status: 'failed',
      payload: null,
      smtp_response: `送信前のエラー: ${(error as Error).message}`.slice(0, 1000),
      updated_at: dbTimestamp(now()),
    })
    return 'failed'
  }
  try {
    const response = await (mailer ?? mail.use()).send(built)
    const original = (response as any)?.original
    await settle(row.id, senderId, {
      status: 'sent',
      payload: null,
      sent_at: dbTimestamp(now()),
      smtp_response:
        typeof original?.response === 'string' ? original.response.slice(0, 1000) : null,
      message_id: (response as any)?.messageId?.slice(0, 255) ?? null,
      updated_at: dbTimestamp(now()),
    })
    return 'sent'
  } catch (error) {
    const failure = error as SmtpError
    const answer = describeFailure(failure)
    const at = now()
    if (isPermanentFailure(failure) || at >= timestampOf(row.give_up_at)) {
      logger.warn({ mailId: row.id, kind: row.kind, answer }, 'a mail was refused for good')
      await settle(row.id, senderId, {
        status: 'failed',
        payload: null,
        smtp_response: answer,
        updated_at: dbTimestamp(at),
      })
      return 'failed'
    }
    logger.warn({ mailId: row.id, kind: row.kind, answer }, 'a mail will be retried')
    await settle(row.id, senderId, {
      status: 'queued',
      smtp_response: answer,
      available_at: dbTimestamp(
        at.plus({ milliseconds: retryDelayMs(Number(row.attempts), settings.retryBaseMs) })
      ),
      updated_at: dbTimestamp(at),
    })
    return 'retry'
  }
}

export interface DeliveryRound {
  claimed: number
  sent: number
  retried: number
  failed: number
  expired: number
}

/**
 * Runs `work` over the items, `limit` at a time, and takes no new item once `stopping()`
 * says so. A failing item does not abandon the others (their hand-overs are awaited, never
 * left running behind the next round); the first error is thrown once all have finished.
 */
async function inParallel<T>(
  items: T[],
  limit: number,
  stopping: () => boolean,
  work: (item: T) => Promise<void>
) {
  let next = 0
  let failure: { error: unknown } | null = null
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !stopping()) {
      try {
        await work(items[next++])
      } catch (error) {
        failure ??= { error }
      }
    }
  })
  await Promise.all(workers)
  if (failure) throw (failure as { error: unknown }).error
}

/** The bulk budget of one sender: MAIL_RATE_PER_MINUTE over a sliding minute. */
export class BulkBudget {
  #sentAt: number[] = []
  constructor(private perMinute: number) {}

  available(nowMs = Date.now()): number {
    this.#sentAt = this.#sentAt.filter((at) => at > nowMs - 60_000)
    return Math.max(0, this.perMinute - this.#sentAt.length)
  }

  spend(count: number, nowMs = Date.now()) {
    for (let i = 0; i < count; i++) this.#sentAt.push(nowMs)
  }

  /** When the next bulk mail may go (ms from now). */
  waitMs(nowMs = Date.now()): number {
    if (this.available(nowMs) > 0) return 0
    return Math.max(0, this.#sentAt[0] + 60_000 - nowMs)
  }
}

/**
 * One round: expire what can no longer be sent, claim what is due (log-in and security
 * mails first), send it. Used by the running sender and, directly, by the tests.
 */
export async function deliverDueMails(
  options: {
    senderId?: string
    settings?: SenderSettings
    budget?: BulkBudget
    now?: () => DateTime
    /** Defaults to `mail.use()` at send time (so `mail.fake()` applies). */
    mailer?: MailSink
    /** Checked before each hand-over: once true, the rest stays claimed for releaseClaims. */
    stopping?: () => boolean
  } = {}
): Promise<DeliveryRound> {
  const settings = options.settings ?? senderSettings()
  const senderId = options.senderId ?? newSenderId()
  const now = options.now ?? (() => DateTime.utc())
  const budget = options.budget ?? new BulkBudget(settings.bulkPerMinute)
  const round: DeliveryRound = { claimed: 0, sent: 0, retried: 0, failed: 0, expired: 0 }

  round.expired = await expireDue(now())
  const urgent = await claim(senderId, now(), settings.leaseMs, 'urgent', settings.batchSize)
  const bulkLimit = Math.min(settings.batchSize, budget.available())
  const bulk = await claim(senderId, now(), settings.leaseMs, 'bulk', bulkLimit)
  budget.spend(bulk.length)
  const claimed = [...urgent, ...bulk]
  round.claimed = claimed.length

  const stopping = options.stopping ?? (() => false)
  await inParallel(claimed, settings.concurrency, stopping, async (row) => {
    const outcome = await sendClaimed(row, senderId, settings, now, options.mailer)
    if (outcome === 'sent') round.sent++
    else if (outcome === 'retry') round.retried++
    else if (outcome === 'failed') round.failed++
    else if (outcome === 'expired') round.expired++
  })
  return round
}

/**
 * Gives back what this sender claimed and did not hand over (a clean shutdown): queued
 * again at once for another sender, the attempt its claim counted taken back.
 */
async function releaseClaims(senderId: string) {
  await db
    .from(OUTBOX_TABLE)
    .where('status', 'sending')
    .where('claimed_by', senderId)
    .update({
      status: 'queued',
      claimed_by: null,
      claimed_until: null,
      attempts: db.knexRawQuery('CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END'),
      updated_at: dbTimestamp(),
    })
}

export interface RunningSender {
  readonly senderId: string
  wake(): void
  stop(): Promise<void>
}

/**
 * The sender loop: a round whenever a mail is committed in this process, or every
 * pollIntervalMs (mails queued by other instances, retries coming due). One round at a
 * time; a failing database is logged and retried, never fatal.
 */
export function startMailSender(
  overrides: Partial<SenderSettings> = {},
  options: { mailer?: MailSink } = {}
): RunningSender {
  const settings = senderSettings(overrides)
  const senderId = newSenderId()
  const budget = new BulkBudget(settings.bulkPerMinute)
  let stopped = false
  let wakeRequested = false
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | null = null
  let current: Promise<void> = Promise.resolve()

  const wake = () => {
    wakeRequested = true
    if (sleeping) {
      clearTimeout(sleeping.timer)
      sleeping.resolve()
    }
  }
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleeping = null
        resolve()
      }, ms)
      timer.unref()
      sleeping = {
        timer,
        resolve: () => {
          sleeping = null
          resolve()
        },
      }
    })

  outboxEvents.on('queued', wake)

  const loop = async () => {
    while (!stopped) {
      wakeRequested = false
      let busy = false
      try {
        const round = await deliverDueMails({
          senderId,
          settings,
          budget,
          mailer: options.mailer,
          stopping: () => stopped,
        })
        busy = round.claimed > 0
      } catch (error) {
        logger.error({ err: error }, 'the mail sender could not read the outbox')
      }
      if (stopped) break
      // A full round may have left more due mails: go on at once (bulk waits for its budget).
      if (busy || wakeRequested) {
        const wait = budget.available() > 0 ? 0 : Math.min(budget.waitMs(), settings.pollIntervalMs)
        if (wait > 0 && !wakeRequested) await sleep(wait)
        continue
      }
      await sleep(settings.pollIntervalMs)
    }
  }
  current = loop()

  return {
    senderId,
    wake,
    async stop() {
      stopped = true
      outboxEvents.off('queued', wake)
      wake()
      await current
      try {
        await releaseClaims(senderId)
      } catch (error) {
        logger.error({ err: error }, 'the mail sender could not release its claims')
      }
    },
  }
}
