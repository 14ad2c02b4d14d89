import { DateTime } from 'luxon'
import Statement from '#models/statement'
import { BUSINESS_ZONE } from '#domain/clock'

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

export function visibleStatementsQuery(memberId: number, registeredAt: DateTime | null) {
  const query = Statement.query()
    .where('statements.member_id', memberId)
    .whereIn('statements.import_batch_id', (sub) =>
      sub
        .from('billing_months')
        .select('active_batch_id')
        .whereColumn('billing_months.billing_month', 'statements.billing_month')
    )
  if (!registeredAt) return query.whereRaw('1 = 0')
  return query.where('statements.billing_month', '>=', firstVisibleBillingMonth(registeredAt))
}
