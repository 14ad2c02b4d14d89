/**
 * Field parsers for the core system's CSV values. Each returns null when the value cannot be
 * read; the row schema turns that into a Japanese row error.
 */
import { foldWidth } from '#domain/common/japanese_text'

const ASCII_NUMBER = /^-?[0-9][0-9,]*$/

/** Full-width digits and signs folded; '△1,234' and '▲1,234' are negative. */
function foldNumber(raw: string): string {
  let value = raw.trim()
  if (!ASCII_NUMBER.test(value)) {
    value = value
      .normalize('NFKC')
      .replace(/[\s円¥￥]/g, '')
      .replace(/^[△▲−‐－ー]/, '-')
  }
  return value
}

/**
 * Plain ASCII integers ('476', '-500', '1,234' with valid thousands grouping), read without a
 * regular expression or a copy: what nearly every row of a core-system file holds. Anything
 * else (undefined) takes the general path, which decides alone.
 */
function plainInteger(raw: string): number | undefined {
  const length = raw.length
  if (length === 0 || length > 20) return undefined
  let i = raw.charCodeAt(0) === 45 ? 1 : 0
  if (i === length) return undefined
  let value = 0
  let digits = 0
  /** Digits since the last comma (or the start). */
  let group = 0
  let grouped = false
  for (; i < length; i++) {
    const c = raw.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48)
      digits++
      group++
    } else if (c === 44) {
      if (grouped ? group !== 3 : group === 0 || group > 3) return undefined
      grouped = true
      group = 0
    } else return undefined
  }
  // Up to 15 digits the sum above is exact; longer ones go the general way (safe integers).
  if ((grouped && group !== 3) || digits > 15) return undefined
  return raw.charCodeAt(0) === 45 ? -value : value
}

/** An integer amount in yen: '1,234', '１，２３４', '-500', '△500'. */
export function parseInteger(raw: string): number | null {
  const plain = plainInteger(raw)
  if (plain !== undefined) return plain
  const value = foldNumber(raw)
  if (!/^-?(\d{1,3}(,\d{3})+|\d+)$/.test(value)) return null
  const number = Number(value.replace(/,/g, ''))
  return Number.isSafeInteger(number) ? number : null
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

function isLeap(year: number) {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

function pad2(value: number) {
  return value < 10 ? `0${value}` : String(value)
}

/** A calendar date: '2026/11/05', '2026-11-05', '20261105', '2026年11月5日' -> '2026-11-05'. */
export function parseDate(raw: string): string | null {
  let value = raw.trim()
  if (!/^[0-9/-]+$/.test(value)) value = value.normalize('NFKC').replace(/\s/g, '')
  let match = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(value)
  if (!match) match = /^(\d{4})(\d{2})(\d{2})$/.exec(value)
  if (!match) match = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(value)
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return null
  const last = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]
  if (day > last) return null
  return `${year}-${pad2(month)}-${pad2(day)}`
}

/** A billing month: '2026-10', '2026/10', '202610', '2026年10月' -> '2026-10'. */
export function parseMonth(raw: string): string | null {
  let value = raw.trim()
  if (!/^[0-9/-]+$/.test(value)) value = value.normalize('NFKC').replace(/\s/g, '')
  let match = /^(\d{4})[/.-](\d{1,2})$/.exec(value)
  if (!match) match = /^(\d{4})(\d{2})$/.exec(value)
  if (!match) match = /^(\d{4})年(\d{1,2})月分?$/.exec(value)
  if (!match) return null
  const year = Number(match[1])
  const month = Number(match[2])
  if (year < 1900 || year > 2100 || month < 1 || month > 12) return null
  return `${year}-${pad2(month)}`
}

/** A fiscal year: '2025', '２０２５', '2025年度'. */
export function parseYear(raw: string): number | null {
  const value = raw
    .trim()
    .normalize('NFKC')
    .replace(/年度?$/, '')
  if (!/^\d{4}$/.test(value)) return null
  const year = Number(value)
  return year >= 1900 && year <= 2100 ? year : null
}

/** Tax rate in percent: '10', '10%', '８％', '8.0' -> 10 / 8 / 0; anything else null. */
export function parseTaxRate(raw: string): number | null {
  let value = raw.trim()
  if (!/^\d+$/.test(value))
    value = value.normalize('NFKC').replace(/[%\s]/g, '').replace(/\.0$/, '')
  if (value === '10') return 10
  if (value === '8') return 8
  if (value === '0' || value === '') return value === '0' ? 0 : null
  return null
}

/** A member number: digits only after width folding ('０１２３' -> '0123'). */
export function parseMemberNumber(raw: string): string | null {
  let value = raw.trim()
  if (!/^\d+$/.test(value)) value = value.normalize('NFKC').replace(/\s/g, '')
  return /^\d{1,20}$/.test(value) ? value : null
}

/** Free text, trimmed, width-folded only when it holds half-width katakana. */
export function cleanText(raw: string): string {
  const value = raw.trim()
  return /[\uFF61-\uFF9F]/.test(value) ? foldWidth(value) : value
}

/** Header names compared without width, spaces or a BOM: '組合員 番号' == '組合員番号'. */
export function normaliseHeader(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .normalize('NFKC')
    .replace(/[\s\u3000"]/g, '')
    .toLowerCase()
}
