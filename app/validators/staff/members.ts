import vine from '@vinejs/vine'
import { staffMessages } from '#validators/staff/messages'
import { flexibleDate, optionalText } from '#validators/staff/rules'

export const MEMBER_TABS = [
  'profile',
  'account',
  'statements',
  'contributions',
  'changes',
  'requests',
  'inquiries',
  'mails',
  'card_checks',
  'audit',
] as const
export type MemberTab = (typeof MEMBER_TABS)[number]

/** Member search filters, all from the query string (kept there for bookmarks and back). */
export const memberSearchValidator = vine.compile(
  vine.object({
    q: optionalText(100),
    birthDate: vine.string().trim().maxLength(20).use(flexibleDate()).optional(),
    state: vine.enum(['unregistered', 'pending', 'registered'] as const).optional(),
    locked: vine.enum(['1'] as const).optional(),
    page: vine.number().withoutDecimals().min(1).max(100000).optional(),
  })
)
memberSearchValidator.messagesProvider = staffMessages({
  q: '検索語',
  birthDate: '生年月日',
  state: '登録状態',
  locked: 'ロック',
  page: 'ページ',
})

export const memberTabValidator = vine.compile(
  vine.object({ tab: vine.enum(MEMBER_TABS).optional() })
)

export const withdrawalValidator = vine.compile(
  vine.object({
    acceptedOn: vine.string().trim().maxLength(20).use(flexibleDate()),
  })
)
withdrawalValidator.messagesProvider = staffMessages({ acceptedOn: '脱退届の受理日' })
