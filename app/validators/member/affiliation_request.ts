import vine from '@vinejs/vine'
import { filledRule, japanDateRule, japaneseMessages } from '#validators/japanese_rules'

/**
 * 所属変更申請: a listed affiliation (its id) or 'other' with the name typed in,
 * the effective date (異動日) and the reason.
 */
export const affiliationRequestValidator = vine.compile(
  vine.object({
    affiliationId: vine
      .string()
      .trim()
      .regex(/^(\d+|other)$/),
    affiliationText: vine
      .string()
      .trim()
      .maxLength(200)
      .optional()
      .requiredWhen('affiliationId', '=', 'other'),
    effectiveOn: vine
      .string()
      .trim()
      .use(japanDateRule({ label: '異動日' })),
    reason: vine.string().trim().use(filledRule()).maxLength(500),
  })
)
affiliationRequestValidator.messagesProvider = japaneseMessages(
  {
    affiliationId: '新しい所属',
    affiliationText: '新しい所属の名称',
    effectiveOn: '異動日',
    reason: '申請理由',
  },
  {
    'affiliationId.required': '新しい所属を選んでください。',
    'affiliationId.regex':
      '新しい所属を一覧から選ぶか、「一覧にない」を選んで名称を入力してください。',
    'affiliationText.required': '一覧にない場合は、新しい所属の名称を入力してください。',
  }
)
