import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { MAIL_KINDS } from '#domain/mail/mail_kinds'
import {
  GIVE_UP_AFTER,
  OUTBOX_TABLE,
  cancelQueuedMails,
  encodeDetails,
  outboxEvents,
} from '#domain/mail/outbox'

/**
 * Statement notifications (「○月分の請求明細を掲載しました」). When a billing month is committed,
 * in the same transaction that points the month at the batch, one INSERT ... SELECT queues a
 * mail for every member who
 * - has a statement in the batch,
 * - can see that month (statement_visibility.ts: registered before the month began, Japan
 *   time — registered in 2026-09 sees 2026-10 on),
 * - has not withdrawn (withdrawal.ts: the refund date is still ahead; a member whose
 *   withdrawal is pending keeps the portal and is told),
 * - has a registered e-mail and has not turned statement mails off (メール通知の設定),
 * - and was not told about this month already: a correction re-import of a month does not
 *   mail again the members who got (or are about to get) the first notice. A notice
 *   cancelled by a rollback does not count, so re-importing after a rollback tells them.
 * The mail holds no amount: every row carries the same payload (the billing month),
 * encrypted once and bound as a constant.
 */

export const STATEMENT_MAIL_KIND = 'statement_published' as const

/** What queued a batch's notifications: a rollback of the batch cancels the unsent ones. */
export function statementNotificationCause(billingMonth: string, batchId: number) {
  return `statements:${billingMonth}:${batchId}`
}

/** The first moment (UTC) of a billing month in Japan: registered before it, the month is visible. */
export function billingMonthStartsAt(billingMonth: string): DateTime {
  return DateTime.fromFormat(billingMonth, 'yyyy-MM', { zone: BUSINESS_ZONE })
    .startOf('month')
    .toUTC()
}

function rowsOf(result: any): number {
  // better-sqlite3: { changes }; pg: { rowCount }.
  if (typeof result?.changes === 'number') return result.changes
  if (typeof result?.rowCount === 'number') return result.rowCount
  return 0
}

/**
 * Queues the notifications of a committed statements batch. One statement, whatever the
 * number of members. Returns how many mails were queued.
 */
export async function queueStatementNotifications(
  batch: { id: number; billingMonth: string },
  trx: TransactionClientContract,
  now: DateTime = DateTime.utc()
): Promise<number> {
  const entry = MAIL_KINDS[STATEMENT_MAIL_KIND]
  const pg = trx.dialect.name === 'postgres'
  // PostgreSQL types a bare parameter in a SELECT list as text: say what it is.
  const ts = pg ? 'CAST(? AS timestamptz)' : '?'
  const at = dbTimestamp(now)
  const expiresAt = entry.lifetime ? dbTimestamp(now.plus(entry.lifetime)) : null
  const result = await trx.rawQuery(
    `INSERT INTO ${OUTBOX_TABLE} (kind, member_id, recipient, recipient_name, payload, status,
       priority, attempts, available_at, expires_at, give_up_at, cause, created_at, updated_at)
     SELECT ?, m.id, a.email, m.name, ?, 'queued', ${entry.priority}, 0, ${ts},
       ${expiresAt ? ts : 'NULL'}, ${ts}, ?,
       ${ts}, ${ts}
     FROM statements s
     JOIN members m ON m.id = s.member_id
     JOIN member_accounts a ON a.member_id = m.id
     WHERE s.import_batch_id = ?
       AND a.registration_state = 'registered'
       AND a.email IS NOT NULL
       AND a.registered_at IS NOT NULL
       AND a.registered_at < ?
       AND a.notify_statements = TRUE
       AND (m.refund_on IS NULL OR m.refund_on > ?)
       AND NOT EXISTS (
         SELECT 1 FROM ${OUTBOX_TABLE} o
         WHERE o.member_id = m.id AND o.kind = ? AND o.cause LIKE ? AND o.status <> 'cancelled'
       )
     ORDER BY m.id`,
    [
      STATEMENT_MAIL_KIND,
      encodeDetails([batch.billingMonth]),
      at,
      ...(expiresAt ? [expiresAt] : []),
      dbTimestamp(now.plus(GIVE_UP_AFTER)),
      statementNotificationCause(batch.billingMonth, batch.id),
      at,
      at,
      batch.id,
      dbTimestamp(billingMonthStartsAt(batch.billingMonth)),
      now.setZone(BUSINESS_ZONE).toISODate()!,
      STATEMENT_MAIL_KIND,
      `statements:${batch.billingMonth}:%`,
    ]
  )
  const queued = rowsOf(result)
  if (queued > 0) {
    trx.after('commit', () => {
      outboxEvents.emit('queued')
    })
  }
  return queued
}

/** A rollback of the batch: its notifications that have not gone yet are cancelled. */
export function cancelStatementNotifications(
  batch: { id: number; billingMonth: string },
  trx: TransactionClientContract
): Promise<number> {
  return cancelQueuedMails(statementNotificationCause(batch.billingMonth, batch.id), trx)
}
