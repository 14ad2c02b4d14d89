import { DateTime } from 'luxon'
import { asJapanDate, fiscalYearOf, todayInJapan } from '#domain/common/clock'

/**
 * Withdrawal (脱退): the contribution is refunded on March 31 at the end of the
 * fiscal year in which the notice was accepted. Until then the member keeps the
 * portal (with a warning); from the refund date on, access ends.
 */
export function refundDateFor(acceptedOn: DateTime): DateTime {
  const fiscalYear = fiscalYearOf(acceptedOn)
  return DateTime.fromObject({ year: fiscalYear + 1, month: 3, day: 31 }, { zone: acceptedOn.zone })
}

export type WithdrawalState =
  | { kind: 'none' }
  | { kind: 'pending'; refundOn: DateTime }
  | { kind: 'withdrawn'; refundOn: DateTime }

export function withdrawalState(
  member: { refundOn: DateTime | null },
  today: DateTime = todayInJapan()
): WithdrawalState {
  if (!member.refundOn) return { kind: 'none' }
  const refundOn = asJapanDate(member.refundOn)
  return refundOn <= today ? { kind: 'withdrawn', refundOn } : { kind: 'pending', refundOn }
}

export function hasPortalAccess(member: { refundOn: DateTime | null }, today?: DateTime): boolean {
  return withdrawalState(member, today).kind !== 'withdrawn'
}
