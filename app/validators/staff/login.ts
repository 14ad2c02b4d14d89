import vine from '@vinejs/vine'

export const staffLoginValidator = vine.compile(
  vine.object({
    loginId: vine.string().trim().maxLength(50),
    password: vine.string().maxLength(128),
  })
)
