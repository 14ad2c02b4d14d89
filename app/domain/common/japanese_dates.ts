import { DateTime } from 'luxon'
import { foldWidth } from '#domain/common/japanese_text'
import { formatJapaneseEraDate } from '#domain/common/formatting'

/**
 * Dates as staff type them while a caller reads them out: 1980/4/1, 1980-04-01, 19800401,
 * 1980年4月1日, 昭和55年4月1日, S55.4.1 (full-width digits too). Returns a calendar date or null.
 */
const ERAS: Record<string, number> = {
  明治: 1868,
  M: 1868,
  大正: 1912,
  T: 1912,
  昭和: 1926,
  S: 1926,
  平成: 1989,
  H: 1989,
  令和: 2019,
  R: 2019,
}

const ERA_NAMES: Record<string, string> = {
  明治: '明治',
  M: '明治',
  大正: '大正',
  T: '大正',
  昭和: '昭和',
  S: '昭和',
  平成: '平成',
  H: '平成',
  令和: '令和',
  R: '令和',
}

function calendarDate(year: number, month: number, day: number): DateTime | null {
  const date = DateTime.fromObject({ year, month, day }, { zone: 'UTC' })
  return date.isValid && year >= 1868 && year <= 2100 ? date : null
}

export function parseFlexibleDate(input: string | null | undefined): DateTime | null {
  if (!input) return null
  const text = foldWidth(input).replace(/\s+/g, '').toUpperCase()
  if (!text) return null

  const compact = text.match(/^(\d{4})(\d{2})(\d{2})$/)
  if (compact) return calendarDate(Number(compact[1]), Number(compact[2]), Number(compact[3]))

  const western = text.match(/^(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?$/)
  if (western) return calendarDate(Number(western[1]), Number(western[2]), Number(western[3]))

  const era = text.match(
    /^(明治|大正|昭和|平成|令和|[MTSHR])(元|\d{1,2})[年/\-.](\d{1,2})[月/\-.](\d{1,2})日?$/
  )
  if (era) {
    const eraYear = era[2] === '元' ? 1 : Number(era[2])
    if (eraYear < 1) return null
    const date = calendarDate(ERAS[era[1]] + eraYear - 1, Number(era[3]), Number(era[4]))
    // Only a day of that era: 昭和64年1月8日 and 平成31年5月1日 never existed (Intl knows the
    // first and last day of each era), and 平成32年 is not read as 令和2年.
    if (!date || !formatJapaneseEraDate(date).startsWith(ERA_NAMES[era[1]])) return null
    return date
  }
  return null
}
