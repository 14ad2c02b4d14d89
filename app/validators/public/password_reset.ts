import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { digitsOnly } from '#domain/japanese_text'

export const BIRTH_DATE_MESSAGE =
  '生年月日は西暦の8桁の数字で入力してください（例：1980年4月1日生まれの方は 19800401）。'

/** The FAQ's 「必須項目」: member number, the registered e-mail and the birth date. */
export const passwordResetRequestValidator = vine.compile(
  vine.object({
    memberNumber: vine.string().trim().maxLength(20),
    email: vine.string().trim().email().maxLength(254),
    birthDate: vine.string().trim().maxLength(20),
  })
)

/** '19800401', '1980-04-01', '1980/4/1', full-width digits: a date, or null. */
export function parseBirthDate(value: string): DateTime | null {
  const folded = value.normalize('NFKC').trim()
  const parts = folded.match(/^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?$/)
  const digits = digitsOnly(folded)
  const date = parts
    ? DateTime.fromObject({ year: +parts[1], month: +parts[2], day: +parts[3] }, { zone: 'utc' })
    : digits.length === 8
      ? DateTime.fromFormat(digits, 'yyyyMMdd', { zone: 'utc' })
      : null
  return date?.isValid ? date : null
}

export const newPasswordValidator = vine.compile(
  vine.object({
    password: vine.string().maxLength(512).confirmed(),
  })
)
