import vine from '@vinejs/vine'
import { japaneseMessages } from '#validators/japanese_rules'

/**
 * メール通知の設定: one checkbox per notification. A checkbox that is not ticked is not sent
 * by the browser at all, so a missing field means "off".
 */
export const notificationSettingsValidator = vine.compile(
  vine.object({
    statements: vine.boolean().optional(),
    notices: vine.boolean().optional(),
  })
)
notificationSettingsValidator.messagesProvider = japaneseMessages({
  statements: '請求明細の掲載のお知らせ',
  notices: 'マイページのお知らせ',
})
