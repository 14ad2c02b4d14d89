import { DateTime } from 'luxon'
import { BUSINESS_ZONE } from '#domain/clock'

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

/** 令和 years for staff forms that ask for them: 2026-11-25 -> 令和8年11月25日 */
export function formatReiwaDate(date: DateTime): string {
  const year = date.year - 2018
  return `令和${year === 1 ? '元' : year}年${date.month}月${date.day}日`
}
