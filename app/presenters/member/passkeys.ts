import type MemberPasskey from '#models/member_passkey'
import type { PasskeyRegistrationOutcome } from '#domain/auth/passkey_registration'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import { PASSKEY_LIMITS, STEP_WINDOWS } from '#domain/auth/rate_limits'
import { describeDevice } from '#presenters/member/login_history'

/** One passkey on the account security page. */
export interface PasskeyRow {
  id: number
  name: string
  createdAt: string
  lastUsedAt: string
}

export function passkeyRow(passkey: MemberPasskey): PasskeyRow {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: formatJapaneseDateTime(passkey.createdAt),
    lastUsedAt: passkey.lastUsedAt
      ? formatJapaneseDateTime(passkey.lastUsedAt)
      : 'まだ使われていません',
  }
}

/** The page that adds a passkey (member/passkey_new). */
export interface NewPasskeyProps {
  suggestedName: string
  nameMaxLength: number
  limitReached: boolean
  maxPasskeys: number
}

/** A first name for the passkey: the device it is made on (「iOS 18.1 / Mobile Safari」), cut to fit. */
export function suggestedPasskeyName(userAgent: string | null) {
  const device = describeDevice(userAgent)
  return (device === '不明' ? 'パスキー' : device).slice(0, PASSKEY_LIMITS.nameMaxLength)
}

export const PASSKEY_LIMIT_MESSAGE = `パスキーは${PASSKEY_LIMITS.perMember}個まで登録できます。使わなくなったパスキーを削除してから追加してください。`

const REGISTRATION_REFUSALS: Record<
  Exclude<PasskeyRegistrationOutcome, { ok: true }>['reason'],
  string
> = {
  expired: `時間切れです（${STEP_WINDOWS.passkeyChallengeMinutes}分以内に操作してください）。もう一度「パスキーを登録」を押してください。`,
  rejected: 'パスキーを確認できませんでした。もう一度お試しください。',
  duplicate: 'このパスキーはすでに登録されています。',
  too_many: PASSKEY_LIMIT_MESSAGE,
}

export function passkeyRegistrationRefusal(
  outcome: Exclude<PasskeyRegistrationOutcome, { ok: true }>
) {
  return REGISTRATION_REFUSALS[outcome.reason]
}
