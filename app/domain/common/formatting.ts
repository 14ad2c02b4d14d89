import { DateTime } from 'luxon'
import { BUSINESS_ZONE } from '#domain/common/clock'

/**
 * Display formats of SPEC.md "UI conventions". Presenters format on the server
 * so server-rendered pages, PDFs and mails all read the same.
 */

/** 2026年11月25日 */
export function formatJapaneseDate(date: DateTime | null | undefined): string {
  if (!date) return ''
  return `${date.year}年${date.month}月${date.day}日`
}

/** 2026年11月25日 14:05 (Japan time) */
export function formatJapaneseDateTime(date: DateTime | null | undefined): string {
  if (!date) return ''
  const local = date.setZone(BUSINESS_ZONE)
  return `${formatJapaneseDate(local)} ${local.toFormat('HH:mm')}`
}

/** 2026年12月4日 10:05:03 (Japan time, with seconds: the card and its check). */
export function formatJapaneseDateTimeSeconds(date: DateTime): string {
  return `${formatJapaneseDateTime(date)}:${date.setZone(BUSINESS_ZONE).toFormat('ss')}`
}

/** '2026-10' -> 2026年10月分 */
export function formatBillingMonth(billingMonth: string): string {
  const [year, month] = billingMonth.split('-').map(Number)
  return `${year}年${month}月分`
}

/** 1234 -> 1,234円; -1234 -> −1,234円 (U+2212 minus, as printed statements do). */
export function formatYen(amount: number): string {
  const digits = Math.abs(amount).toLocaleString('ja-JP')
  return amount < 0 ? `\u2212${digits}円` : `${digits}円`
}

/*
 * 和暦 from the Japanese calendar of Intl (ICU), which knows where each era begins and ends:
 * 1989-01-07 is 昭和64年1月7日, 1989-01-08 平成元年1月8日, 2019-05-01 令和元年5月1日.
 */
const JAPANESE_ERA = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  // 'long' (not 'numeric'): only then does ICU write the first year of an era as 元.
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
})

function calendarDateAsUtc(date: DateTime): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day))
}

/** A calendar date in 和暦: 1980-04-01 -> 昭和55年4月1日 */
export function formatJapaneseEraDate(date: DateTime): string {
  const parts = JAPANESE_ERA.formatToParts(calendarDateAsUtc(date))
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((entry) => entry.type === type)?.value ?? ''
  return `${part('era')}${part('year')}年${part('month')}月${part('day')}日`
}

/** The era and its year alone: 1980-04-01 -> 昭和55年 (staff screens, beside the 西暦 date). */
export function formatJapaneseEraYear(date: DateTime): string {
  const parts = JAPANESE_ERA.formatToParts(calendarDateAsUtc(date))
  const era = parts.find((entry) => entry.type === 'era')?.value ?? ''
  const year = parts.find((entry) => entry.type === 'year')?.value ?? ''
  return `${era}${year}年`
}
