import vine from '@vinejs/vine'

export const memberLoginValidator = vine.compile(
  vine.object({
    email: vine.string().trim().maxLength(254),
    password: vine.string().maxLength(128),
  })
)
