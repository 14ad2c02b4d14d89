import vine from '@vinejs/vine'
import { staffMessages } from '#validators/staff/messages'
import { flexibleDate } from '#validators/staff/rules'

export const auditLogFilterValidator = vine.compile(
  vine.object({
    staff: vine.number().withoutDecimals().min(1).optional(),
    member: vine.string().trim().maxLength(20).optional(),
    action: vine.string().trim().maxLength(60).optional(),
    from: vine.string().trim().maxLength(20).use(flexibleDate()).optional(),
    to: vine.string().trim().maxLength(20).use(flexibleDate()).optional(),
    page: vine.number().withoutDecimals().min(1).optional(),
    encoding: vine.string().optional(),
  })
)
auditLogFilterValidator.messagesProvider = staffMessages({
  staff: '職員',
  member: '組合員番号',
  action: '操作',
  from: '開始日',
  to: '終了日',
  page: 'ページ',
})
