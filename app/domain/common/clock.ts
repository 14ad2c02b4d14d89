import { DateTime, FixedOffsetZone } from 'luxon'

/**
 * The co-op works on Japan time: business dates (today, fiscal years, refund days) use it.
 * Japan has kept UTC+9 without daylight saving since 1951, so a fixed offset is Asia/Tokyo for
 * every date the co-op handles; luxon resolves an IANA zone through Intl on each conversion
 * (~40 µs), several times a page (issue 14: 1 ms of a statement page's CPU).
 */
export const BUSINESS_ZONE = FixedOffsetZone.instance(9 * 60)

export function nowInJapan(): DateTime {
  return DateTime.now().setZone(BUSINESS_ZONE)
}

export function todayInJapan(): DateTime {
  return nowInJapan().startOf('day')
}

/** A calendar date (from a `date` column) as the start of that day in Japan. */
export function asJapanDate(date: DateTime): DateTime {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day },
    { zone: BUSINESS_ZONE }
  )
}

/** Fiscal years run April–March: 2026-03-31 is in fiscal year 2025, 2026-04-01 in 2026. */
export function fiscalYearOf(date: DateTime): number {
  return date.month >= 4 ? date.year : date.year - 1
}
