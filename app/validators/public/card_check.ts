import vine from '@vinejs/vine'

/**
 * The card QR's path parameter. A signed code is ~80 characters; anything that is not a short
 * string of the code's characters is no card of ours (the page says 無効, nothing is looked up).
 */
export const cardCheckParamsValidator = vine.compile(
  vine.object({
    token: vine
      .string()
      .maxLength(200)
      .regex(/^[\w.-]+$/),
  })
)
