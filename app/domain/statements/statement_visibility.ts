import { DateTime } from 'luxon'
import Statement from '#models/statement'
import { BUSINESS_ZONE } from '#domain/common/clock'

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
