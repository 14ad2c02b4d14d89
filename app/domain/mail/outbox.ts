import { EventEmitter } from 'node:events'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { dbTimestamp } from '#domain/common/db_time'
import { MAIL_KINDS, kindOfMail, type MailDetails, type MailKind } from '#domain/mail/mail_kinds'

/**
 * The transactional outbox. A mail is queued by writing a row in the transaction of the
 * change that causes it: it exists exactly when the change was committed, and is sent
 * later by a sender (mail_sender.ts) that never makes a request wait for the mail server.
 */

export const OUTBOX_TABLE = 'mail_outbox'

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'expired' | 'cancelled'

/** How long temporary failures (SMTP down, 4xx answers) are retried before the mail is failed. */
export const GIVE_UP_AFTER = { hours: 72 } as const

/** Encryption purpose of the payload: a payload cannot be decrypted as anything else. */
const PAYLOAD_PURPOSE = 'mail-outbox-payload'

/*
 * Payloads are the mail's details after (recipient, memberName): a code, a link, a date.
 * DateTime values keep their type through JSON. Exported for bulk queuing (one payload,
 * encrypted once, for every row of an INSERT ... SELECT).
 */
export function encodeDetails(details: unknown[]): string {
  const json = JSON.stringify(details, function (this: any, key, value) {
    const original = this[key]
    return DateTime.isDateTime(original) ? { $dateTime: original.toISO() } : value
  })
  return encryption.encrypt(json, undefined, PAYLOAD_PURPOSE)
}

export function decodeDetails(payload: string): unknown[] | null {
  const json = encryption.decrypt<string>(payload, PAYLOAD_PURPOSE)
  if (json === null) return null
  return JSON.parse(json, (_key, value) =>
    value && typeof value === 'object' && typeof value.$dateTime === 'string'
      ? DateTime.fromISO(value.$dateTime, { setZone: true })
      : value
  )
}

/** Told when a queued mail is committed, so the sender in this process goes at once. */
export const outboxEvents = new EventEmitter()
outboxEvents.setMaxListeners(50)

function announceAfterCommit(trx: TransactionClientContract | undefined) {
  if (!trx) {
    outboxEvents.emit('queued')
    return
  }
  trx.after('commit', () => {
    outboxEvents.emit('queued')
  })
}

export interface QueueOptions {
  /** The member the mail is about (the phone desk's mail history); null for none. */
  memberId: number | null
  /** The transaction of the change that causes the mail. */
  trx?: TransactionClientContract
  /** What queued it, when that can be undone before the mail goes (cancelQueuedMails). */
  cause?: string
  now?: DateTime
}

/**
 * Queues one mail: `queueMail(LoginCodeMail, [email, name, code, expiresAt], { memberId, trx })`.
 * The arguments are the mail class's constructor arguments.
 */
export async function queueMail<C extends (typeof MAIL_KINDS)[MailKind]['mail']>(
  mailClass: C,
  args: [recipient: string, memberName: string, ...details: MailDetails<C>],
  options: QueueOptions
): Promise<number> {
  const kind = kindOfMail(mailClass)
  const entry = MAIL_KINDS[kind]
  const now = options.now ?? DateTime.utc()
  const [recipient, memberName, ...details] = args
  const client = options.trx ?? db
  const [row] = await client
    .insertQuery()
    .table(OUTBOX_TABLE)
    .insert({
      kind,
      member_id: options.memberId,
      recipient,
      recipient_name: memberName,
      payload: encodeDetails(details),
      status: 'queued',
      priority: entry.priority,
      attempts: 0,
      available_at: dbTimestamp(now),
      expires_at: entry.lifetime ? dbTimestamp(now.plus(entry.lifetime)) : null,
      give_up_at: dbTimestamp(now.plus(GIVE_UP_AFTER)),
      cause: options.cause ?? null,
      created_at: dbTimestamp(now),
      updated_at: dbTimestamp(now),
    })
    .returning('id')
  announceAfterCommit(options.trx)
  return Number(typeof row === 'object' ? row.id : row)
}

/**
 * Cancels the mails a cause queued that have not gone yet (a billing month rolled back
 * before its notifications were sent). Mails already being handed to the server go.
 */
export async function cancelQueuedMails(
  cause: string,
  trx?: TransactionClientContract,
  now = DateTime.utc()
): Promise<number> {
  const updated = await (trx ?? db)
    .from(OUTBOX_TABLE)
    .where('cause', cause)
    .where('status', 'queued')
    .update({ status: 'cancelled', payload: null, updated_at: dbTimestamp(now) })
  return Array.isArray(updated) ? Number(updated[0]) : Number(updated)
}
