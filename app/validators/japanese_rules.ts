import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import { DateTime } from 'luxon'
import { foldWidth } from '#domain/common/japanese_text'
import {
  isKatakana,
  isPhoneNumber,
  isPostalCode,
  normalizeKana,
  normalizePhone,
  normalizePostalCode,
} from '#domain/members/profile_changes'
import { parseJapanDateTime } from '#domain/workflows/notices'

/**
 * Rules for Japanese form input: each normalises what people type (full/half width, hyphens,
 * hiragana) and reports a Japanese message that says what to do.
 */

/** Whitespace only counts as empty: reported like a missing value. */
export const filledRule = vine.createRule((value, _options, field) => {
  if (typeof value === 'string' && value.trim() === '') {
    field.report('{{ field }}を入力してください。', 'required', field)
  }
})

export const kanaRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const kana = normalizeKana(value)
  if (!isKatakana(kana)) {
    field.report('フリガナはカタカナまたはひらがなで入力してください。', 'kana', field)
    return
  }
  field.mutate(kana, field)
})

export const POSTAL_CODE_MESSAGE = '郵便番号は7桁の数字で入力してください（例：910-0001）。'

export const postalCodeRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const digits = normalizePostalCode(value)
  if (!isPostalCode(digits)) {
    field.report(POSTAL_CODE_MESSAGE, 'postalCode', field)
    return
  }
  field.mutate(digits, field)
})

export const phoneRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const digits = normalizePhone(value)
  if (!isPhoneNumber(digits)) {
    field.report(
      '電話番号は0から始まる10桁または11桁の数字で入力してください（例：090-1234-5678）。',
      'phone',
      field
    )
    return
  }
  field.mutate(digits, field)
})

/** A calendar date ('2027-04-01', '2027/4/1', full-width digits) as 'yyyy-MM-dd'. */
export const japanDateRule = vine.createRule((value, options: { label: string }, field) => {
  if (typeof value !== 'string') return
  const match = foldWidth(value)
    .trim()
    .match(/^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/)
  const date = match
    ? DateTime.fromObject({ year: +match[1], month: +match[2], day: +match[3] })
    : null
  if (!date?.isValid) {
    field.report(
      `${options.label}は「2027-04-01」のように年月日で入力してください。`,
      'japanDate',
      field
    )
    return
  }
  field.mutate(date.toISODate(), field)
})

/** A Japan-time date and time ('2026-12-01T09:00') as an ISO instant in UTC. */
export const japanDateTimeRule = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const instant = parseJapanDateTime(value)
  if (!instant) {
    field.report('日時は「2026-12-01 09:00」のように入力してください。', 'japanDateTime', field)
    return
  }
  field.mutate(instant.toISO(), field)
})

const MESSAGES = {
  required: '{{ field }}を入力してください。',
  string: '{{ field }}は文字で入力してください。',
  maxLength: '{{ field }}は{{ max }}文字以内で入力してください。',
  minLength: '{{ field }}は{{ min }}文字以上で入力してください。',
  in: '{{ field }}は選択肢から選んでください。',
  enum: '{{ field }}は選択肢から選んでください。',
  number: '{{ field }}は選択肢から選んでください。',
  regex: '{{ field }}の形式が正しくありません。',
  requiredWhen: '{{ field }}を入力してください。',
} as const

/** Japanese messages with this form's field labels. */
export function japaneseMessages(
  fields: Record<string, string>,
  messages: Record<string, string> = {}
) {
  return new SimpleMessagesProvider({ ...MESSAGES, ...messages }, fields)
}
