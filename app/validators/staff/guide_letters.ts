import vine from '@vinejs/vine'
import { staffMessages } from '#validators/staff/messages'
import { flexibleDate } from '#validators/staff/rules'

export const guideLetterRangeValidator = vine.compile(
  vine.object({
    from: vine.string().trim().maxLength(20).use(flexibleDate()),
    to: vine.string().trim().maxLength(20).use(flexibleDate()),
  })
)
guideLetterRangeValidator.messagesProvider = staffMessages({
  from: '発行日（開始）',
  to: '発行日（終了）',
})

export const guideLetterPreviewValidator = vine.compile(
  vine.object({
    from: vine.string().trim().maxLength(20).use(flexibleDate()).optional(),
    to: vine.string().trim().maxLength(20).use(flexibleDate()).optional(),
  })
)
guideLetterPreviewValidator.messagesProvider = staffMessages({
  from: '発行日（開始）',
  to: '発行日（終了）',
})
