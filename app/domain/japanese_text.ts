/**
 * Normalisation of what people type in Japanese forms: full-width digits and
 * letters, hiragana vs katakana, hyphens of every kind, stray spaces.
 */

const HYPHENS = /[\u002D\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF70]/g

/** NFKC folds full-width ASCII and half-width katakana to their usual forms. */
export function foldWidth(value: string): string {
  return value.normalize('NFKC')
}

export function hiraganaToKatakana(value: string): string {
  return value.replace(/[\u3041-\u3096]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60))
}

/** Digits only: '０９０−１２３４−５６７８' -> '09012345678'. */
export function digitsOnly(value: string): string {
  return foldWidth(value).replace(HYPHENS, '').replace(/\D/g, '')
}

/**
 * A name or kana reduced for comparison: width-folded, katakana, no spaces.
 * 'やまだ はなこ' (with a full-width space) and 'ﾔﾏﾀﾞ ﾊﾅｺ' both give 'ヤマダハナコ'.
 */
export function comparableName(value: string): string {
  return hiraganaToKatakana(foldWidth(value)).replace(/\s+/g, '')
}

/** What staff search matches against: the comparable name and kana joined. */
export function searchableName(name: string, nameKana: string): string {
  return `${comparableName(name)} ${comparableName(nameKana)}`
}

export function formatPostalCode(digits: string | null): string {
  if (!digits) return ''
  return digits.length === 7 ? `〒${digits.slice(0, 3)}-${digits.slice(3)}` : digits
}

/** Japanese phone numbers, grouped by the most common area-code lengths. */
export function formatPhone(digits: string | null): string {
  if (!digits) return ''
  if (/^0[5789]0\d{8}$/.test(digits)) {
    return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`
  }
  if (/^0120\d{6}$/.test(digits)) {
    return `${digits.slice(0, 4)}-${digits.slice(4, 7)}-${digits.slice(7)}`
  }
  if (/^0\d{9}$/.test(digits)) {
    return `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`
  }
  return digits
}
