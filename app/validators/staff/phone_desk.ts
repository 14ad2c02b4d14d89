import vine from '@vinejs/vine'
import { staffMessages } from '#validators/staff/messages'
import { DESK_REASONS } from '#domain/desk/phone_desk'
import { optionalText } from '#validators/staff/rules'

export const deskSearchValidator = vine.compile(
  vine.object({ q: optionalText(100), page: vine.number().withoutDecimals().min(1).optional() })
)
deskSearchValidator.messagesProvider = staffMessages({ q: '検索語', page: 'ページ' })

/**
 * What the caller states. Each item is optional; the birth date is checked by the matcher
 * (an unreadable date simply does not match), so the operator is never told a stored value.
 */
export const identityCheckValidator = vine.compile(
  vine.object({
    memberNumber: optionalText(20),
    name: optionalText(60),
    birthDate: optionalText(20),
    phone: optionalText(20),
    postalCode: optionalText(10),
    affiliation: optionalText(60),
  })
)
identityCheckValidator.messagesProvider = staffMessages({
  memberNumber: '組合員番号',
  name: '氏名（フリガナ）',
  birthDate: '生年月日',
  phone: '電話番号',
  postalCode: '郵便番号',
  affiliation: '所属',
})

const REASON_CODES = Object.keys(DESK_REASONS) as (keyof typeof DESK_REASONS)[]

/** Every unlocked action asks why: a reason from the list, and an optional note. */
export const deskActionValidator = vine.compile(
  vine.object({
    reason: vine.enum(REASON_CODES),
    note: optionalText(200),
  })
)
deskActionValidator.messagesProvider = staffMessages(
  { reason: '理由', note: '補足' },
  { 'reason.required': '理由を選んでください。', 'reason.enum': '理由を一覧から選んでください。' }
)
