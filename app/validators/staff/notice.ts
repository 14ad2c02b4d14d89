import vine from '@vinejs/vine'
import { filledRule, japanDateTimeRule, japaneseMessages } from '#validators/japanese_rules'

/** A notice and its publication window (Japan time). */
export const noticeValidator = vine.compile(
  vine.object({
    title: vine.string().trim().use(filledRule()).maxLength(200),
    body: vine.string().trim().use(filledRule()).maxLength(4000),
    publishedFrom: vine.string().trim().use(japanDateTimeRule()),
    publishedUntil: vine.string().trim().use(japanDateTimeRule()).optional(),
    isPublished: vine.boolean().optional(),
  })
)
noticeValidator.messagesProvider = japaneseMessages(
  {
    title: 'タイトル',
    body: '本文',
    publishedFrom: '掲載開始日時',
    publishedUntil: '掲載終了日時',
  },
  { boolean: '公開の指定が正しくありません。' }
)
