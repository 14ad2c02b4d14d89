import vine from '@vinejs/vine'

export const passwordChangeValidator = vine.compile(
  vine.object({
    currentPassword: vine.string().maxLength(512),
    password: vine.string().maxLength(512).confirmed(),
  })
)

export const emailChangeValidator = vine.compile(
  vine.object({
    email: vine.string().trim().email().maxLength(254),
  })
)

export const passwordConfirmValidator = vine.compile(
  vine.object({
    password: vine.string().maxLength(512),
    next: vine.string().trim().maxLength(2000).optional(),
  })
)

export const loginCodeValidator = vine.compile(
  vine.object({
    code: vine.string().trim().maxLength(20),
  })
)
