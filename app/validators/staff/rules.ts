import vine from '@vinejs/vine'
import { parseFlexibleDate } from '#domain/common/japanese_dates'

/**
 * A date as staff type it (1980/4/1, 19800401, 昭和55年4月1日, full-width digits): the value
 * becomes an ISO date string (YYYY-MM-DD), or the field gets a message saying how to write it.
 */
export const flexibleDate = vine.createRule((value, _options, field) => {
  if (typeof value !== 'string') return
  const date = parseFlexibleDate(value)
  if (!date) {
    field.report(
      '{{ field }}は 1980/4/1、19800401、昭和55年4月1日 のように入力してください。',
      'flexibleDate',
      field
    )
    return
  }
  field.mutate(date.toISODate(), field)
})

export const optionalText = (max = 100) => vine.string().trim().maxLength(max).optional()
