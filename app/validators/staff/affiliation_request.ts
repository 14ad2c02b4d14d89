import vine from '@vinejs/vine'
import { filledRule, japaneseMessages } from '#validators/japanese_rules'

/** Approval: the affiliation the member moves to (staff pick it for free-text requests). */
export const approveAffiliationRequestValidator = vine.compile(
  vine.object({
    affiliationId: vine.number().positive().withoutDecimals(),
    note: vine.string().trim().maxLength(500).optional(),
  })
)
approveAffiliationRequestValidator.messagesProvider = japaneseMessages(
  { affiliationId: '変更後の所属', note: 'メモ' },
  {
    'affiliationId.required': '変更後の所属を一覧から選んでください。',
    'affiliationId.number': '変更後の所属を一覧から選んでください。',
  }
)

/** Rejection: the reason is mailed to the member and shown in the portal. */
export const rejectAffiliationRequestValidator = vine.compile(
  vine.object({
    reason: vine.string().trim().use(filledRule()).maxLength(500),
  })
)
rejectAffiliationRequestValidator.messagesProvider = japaneseMessages(
  { reason: '却下の理由' },
  { 'reason.required': '却下の理由を入力してください（組合員にメールでお知らせします）。' }
)
