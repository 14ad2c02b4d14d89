import vine from '@vinejs/vine'
import { staffMessages } from '#validators/staff/messages'

/** The staff card check: what the QR reader typed (the check URL) or the token, from the query string. */
export const staffCardCheckValidator = vine.compile(
  vine.object({
    code: vine.string().trim().maxLength(500).optional(),
  })
)
staffCardCheckValidator.messagesProvider = staffMessages({ code: 'QRコードの内容' })
