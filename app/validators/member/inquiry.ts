import vine from '@vinejs/vine'
import { filledRule, japaneseMessages } from '#validators/japanese_rules'
import {
  INQUIRY_CATEGORY_CODES,
  INQUIRY_MESSAGE_MAX,
  normalizeMessage,
} from '#domain/workflows/inquiries'

export const newInquiryValidator = vine.compile(
  vine.object({
    category: vine.enum(INQUIRY_CATEGORY_CODES),
    body: vine
      .string()
      .trim()
      .use(filledRule())
      .maxLength(INQUIRY_MESSAGE_MAX)
      .transform(normalizeMessage),
  })
)
newInquiryValidator.messagesProvider = japaneseMessages(
  { category: 'お問い合わせの種類', body: 'お問い合わせ内容' },
  { 'category.required': 'お問い合わせの種類を選んでください。' }
)

export const inquiryMessageValidator = vine.compile(
  vine.object({
    body: vine
      .string()
      .trim()
      .use(filledRule())
      .maxLength(INQUIRY_MESSAGE_MAX)
      .transform(normalizeMessage),
  })
)
inquiryMessageValidator.messagesProvider = japaneseMessages({ body: 'メッセージ' })
