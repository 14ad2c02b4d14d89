import vine from '@vinejs/vine'
import { staffMessages } from '#validators/staff/messages'

export const totpCodeValidator = vine.compile(
  vine.object({ code: vine.string().trim().maxLength(20) })
)
totpCodeValidator.messagesProvider = staffMessages({ code: '確認コード' })
