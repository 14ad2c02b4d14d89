import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import db from '@adonisjs/lucid/services/db'
import Statement from '#models/statement'
import type MemberAccount from '#models/member_account'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { parseBillingMonth } from '#domain/statements/statement_summary'

/**
 * Statements (請求明細) are visible from the month after the registration month:
 * a member registered in 2026-05 sees billing months 2026-06 onward. Only the
 * batch that billing_months points at is ever shown.
 */
export function firstVisibleBillingMonth(registeredAt: DateTime): string {
  return registeredAt
    .setZone(BUSINESS_ZONE)
    .startOf('month')
    .plus({ months: 1 })
    .toFormat('yyyy-MM')
}

/**
 * The member's published statements: for each billing month, the batch billing_months points
 * at, never a staged, failed or replaced one. The one definition of "published", used by the
 * member's pages (through visibleStatementsQuery) and the staff member page alike.
 */
export function publishedStatementsQuery(memberId: number) {
  return Statement.query()
    .where('statements.member_id', memberId)
    .whereIn('statements.import_batch_id', (sub) =>
      sub
        .from('billing_months')
        .select('active_batch_id')
        .whereColumn('billing_months.billing_month', 'statements.billing_month')
    )
}

/** Whether the member sees a published billing month (registered before that month). */
export function isBillingMonthVisibleTo(billingMonth: string, registeredAt: DateTime | null) {
  return registeredAt !== null && billingMonth >= firstVisibleBillingMonth(registeredAt)
}

/** What the member sees: the published statements from the month after registration. */
export function visibleStatementsQuery(memberId: number, registeredAt: DateTime | null) {
  const query = publishedStatementsQuery(memberId)
  if (!registeredAt) return query.whereRaw('1 = 0')
  return query.where('statements.billing_month', '>=', firstVisibleBillingMonth(registeredAt))
}

/** Whose statements a member page reads: the member and when their registration completed. */
export type StatementReader = Pick<MemberAccount, 'memberId' | 'registeredAt'>

/** A month of the 請求明細 list: what the list and its chart show, not the lines. */
export type VisibleStatementMonth = Pick<Statement, 'billingMonth' | 'totalAmount' | 'lineCount'>

/** Every month the member sees, newest first, without the lines. */
export function visibleStatementMonths(reader: StatementReader): Promise<VisibleStatementMonth[]> {
  return visibleStatementsQuery(reader.memberId, reader.registeredAt)
    .orderBy('statements.billing_month', 'desc')
    .select('statements.billing_month', 'statements.total_amount', 'statements.line_count')
}

/** The newest month the member sees (the home page's shortcut), or null. */
export function latestVisibleStatement(reader: StatementReader): Promise<Statement | null> {
  return visibleStatementsQuery(reader.memberId, reader.registeredAt)
    .orderBy('statements.billing_month', 'desc')
    .first()
}

/**
 * The member's own statement for a month they may see, with its lines. A malformed month, a
 * month before registration, another member's or an unpublished one all answer 404 alike, so
 * the answer never tells which months exist.
 */
export async function findVisibleStatement(
  reader: StatementReader,
  month: unknown
): Promise<Statement> {
  const billingMonth = parseBillingMonth(month)
  if (!billingMonth) throw new Exception('Statement not found', { status: 404 })
  return visibleStatementsQuery(reader.memberId, reader.registeredAt)
    .where('statements.billing_month', billingMonth)
    .preload('lines', (lines) => lines.orderBy('line_number', 'asc'))
    .firstOrFail()
}

/** The visible months just after and before a month (null where there is none). */
export interface NeighbourMonths {
  newer: string | null
  older: string | null
}

export async function visibleNeighbourMonths(
  reader: StatementReader,
  billingMonth: string
): Promise<NeighbourMonths> {
  // One query for both sides: a member's visible months are a few dozen rows at most.
  const [row] = await visibleStatementsQuery(reader.memberId, reader.registeredAt)
    .select(
      db.raw(
        'MIN(CASE WHEN statements.billing_month > ? THEN statements.billing_month END) AS newer',
        [billingMonth]
      ),
      db.raw(
        'MAX(CASE WHEN statements.billing_month < ? THEN statements.billing_month END) AS older',
        [billingMonth]
      )
    )
    .pojo<{ newer: string | null; older: string | null }>()
  return { newer: row?.newer ?? null, older: row?.older ?? null }
}
