import vine from '@vinejs/vine'

/** Step 1 of log-in registration: what the guide letter says. */
export const guideLetterValidator = vine.compile(
  vine.object({
    memberNumber: vine.string().trim().maxLength(20),
    initialPassword: vine.string().trim().maxLength(32),
  })
)

/** Step 2: the log-in e-mail and a new password (the rules are in #domain/password_policy). */
export const registrationAccountValidator = vine.compile(
  vine.object({
    email: vine.string().trim().email().maxLength(254),
    password: vine.string().maxLength(512).confirmed(),
  })
)
