import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { dbTimestamp } from '#domain/common/db_time'
import { MAIL_KINDS, type MailKind } from '#domain/mail/mail_kinds'
import { OUTBOX_TABLE, type OutboxStatus } from '#domain/mail/outbox'

/**
 * An outbox row as the sender leaves it (sent, failed, being retried, expired), for tests of
 * the delivery history. Rows that are not settled are due only in an hour, so the suite's
 * delivery after each request (tests/bootstrap.ts) leaves them as they are; they carry no
 * payload (nothing could be sent from them).
 *
 *   await createOutboxMail({ memberId, kind: 'registration_complete', status: 'failed',
 *     smtpResponse: '550 5.1.1 <t@example.jp>: Recipient address rejected' })
 */
export async function createOutboxMail(options: {
  memberId: number | null
  kind?: MailKind
  recipient?: string
  status?: OutboxStatus
  smtpResponse?: string | null
  attempts?: number
  createdAt?: DateTime
  updatedAt?: DateTime
  sentAt?: DateTime | null
  cause?: string | null
}): Promise<number> {
  const kind = options.kind ?? 'registration_complete'
  const status = options.status ?? 'sent'
  const createdAt = options.createdAt ?? DateTime.utc()
  const updatedAt = options.updatedAt ?? createdAt
  const settled = status !== 'queued' && status !== 'sending'
  const [row] = await db
    .insertQuery()
    .table(OUTBOX_TABLE)
    .insert({
      kind,
      member_id: options.memberId,
      recipient: options.recipient ?? 'taro@example.jp',
      recipient_name: '組合員',
      payload: null,
      status,
      priority: MAIL_KINDS[kind].priority,
      attempts: options.attempts ?? (status === 'queued' ? 0 : 1),
      available_at: dbTimestamp(settled ? createdAt : DateTime.utc().plus({ hours: 1 })),
      expires_at: null,
      give_up_at: dbTimestamp(createdAt.plus({ hours: 72 })),
      claimed_by: status === 'sending' ? 'another-sender' : null,
      claimed_until: status === 'sending' ? dbTimestamp(DateTime.utc().plus({ hours: 1 })) : null,
      sent_at:
        options.sentAt !== undefined
          ? options.sentAt && dbTimestamp(options.sentAt)
          : status === 'sent'
            ? dbTimestamp(updatedAt)
            : null,
      smtp_response:
        options.smtpResponse !== undefined
          ? options.smtpResponse
          : status === 'sent'
            ? '250 2.0.0 Ok: queued as 4ABCD'
            : null,
      message_id: status === 'sent' ? `<${Math.random().toString(36).slice(2)}@kmypage.jp>` : null,
      cause: options.cause ?? null,
      created_at: dbTimestamp(createdAt),
      updated_at: dbTimestamp(updatedAt),
    })
    .returning('id')
  return Number(typeof row === 'object' ? row.id : row)
}

/** Turns a row the suite just sent into one whose first attempt failed and is waiting to retry. */
export async function markRetrying(id: number, answer = '421 4.7.0 Try again later') {
  await db
    .from(OUTBOX_TABLE)
    .where('id', id)
    .update({
      status: 'queued',
      attempts: 1,
      sent_at: null,
      message_id: null,
      smtp_response: answer,
      available_at: dbTimestamp(DateTime.utc().plus({ hours: 1 })),
      updated_at: dbTimestamp(),
    })
}
