import vine from '@vinejs/vine'
import { filledRule, japaneseMessages } from '#validators/japanese_rules'
import { PASSKEY_LIMITS } from '#domain/auth/rate_limits'

/** The browser's answer (JSON text from @simplewebauthn/browser); the library checks its shape. */
export function parseCredential(text: string): object | null {
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' && !Array.isArray(value) ? value : null
  } catch {
    return null
  }
}

const passkeyName = () =>
  vine.string().trim().use(filledRule()).maxLength(PASSKEY_LIMITS.nameMaxLength)

const messages = japaneseMessages(
  { name: 'パスキーの名前' },
  {
    'name.maxLength': `パスキーの名前は${PASSKEY_LIMITS.nameMaxLength}文字以内で入力してください。`,
  }
)

export const newPasskeyValidator = vine.compile(
  vine.object({
    name: passkeyName(),
    credential: vine.string().maxLength(20_000),
  })
)
newPasskeyValidator.messagesProvider = messages

export const renamePasskeyValidator = vine.compile(vine.object({ name: passkeyName() }))
renamePasskeyValidator.messagesProvider = messages

export const passkeyLoginValidator = vine.compile(
  vine.object({ credential: vine.string().maxLength(20_000) })
)
