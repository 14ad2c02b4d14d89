import { DateTime } from 'luxon'

/** The co-op works on Japan time: business dates (today, fiscal years, refund days) use it. */
export const BUSINESS_ZONE = 'Asia/Tokyo'

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
