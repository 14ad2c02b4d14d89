import vine from '@vinejs/vine'
import { japanDateRule, japaneseMessages } from '#validators/japanese_rules'

/** Two Japan dates (both included). */
export const changeHistoryRangeValidator = vine.compile(
  vine.object({
    from: vine
      .string()
      .trim()
      .use(japanDateRule({ label: '開始日' })),
    to: vine
      .string()
      .trim()
      .use(japanDateRule({ label: '終了日' })),
    encoding: vine.string().optional(),
  })
)
changeHistoryRangeValidator.messagesProvider = japaneseMessages({ from: '開始日', to: '終了日' })
