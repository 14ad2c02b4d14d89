import vine from '@vinejs/vine'
import { filledRule, japaneseMessages } from '#validators/japanese_rules'
import { INQUIRY_MESSAGE_MAX, normalizeMessage } from '#domain/workflows/inquiries'

export const inquiryReplyValidator = vine.compile(
  vine.object({
    body: vine
      .string()
      .trim()
      .use(filledRule())
      .maxLength(INQUIRY_MESSAGE_MAX)
      .transform(normalizeMessage),
  })
)
inquiryReplyValidator.messagesProvider = japaneseMessages({ body: '回答' })

/** 'me', a staff id, or 'none' to release the thread. */
export const inquiryAssignValidator = vine.compile(
  vine.object({
    assignee: vine
      .string()
      .trim()
      .regex(/^(me|none|\d+)$/),
  })
)
inquiryAssignValidator.messagesProvider = japaneseMessages({ assignee: '担当者' })
