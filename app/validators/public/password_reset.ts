import vine from '@vinejs/vine'

export const BIRTH_DATE_MESSAGE =
  '生年月日を正しく入力してください（例：1980年4月1日生まれの方は 19800401、1980/4/1、昭和55年4月1日 のいずれか）。'

/** The FAQ's 「必須項目」: member number, the registered e-mail and the birth date. */
export const passwordResetRequestValidator = vine.compile(
  vine.object({
    memberNumber: vine.string().trim().maxLength(20),
    email: vine.string().trim().email().maxLength(254),
    birthDate: vine.string().trim().maxLength(20),
  })
)

export const newPasswordValidator = vine.compile(
  vine.object({
    password: vine.string().maxLength(512).confirmed(),
  })
)
