import type { PasskeyLoginRefusal } from '#domain/auth/passkey_login'
import { STEP_WINDOWS } from '#domain/auth/rate_limits'
import { loginRefusalMessage } from '#presenters/common/login_refusal'

/** The Japanese message for a refused passkey log-in: what happened and what to do instead. */
export function passkeyLoginRefusalMessage(refusal: PasskeyLoginRefusal): string {
  switch (refusal.reason) {
    case 'expired':
      return `時間切れです（${STEP_WINDOWS.passkeyChallengeMinutes}分以内に操作してください）。もう一度「パスキーでログイン」を押してください。`
    case 'unknown_passkey':
      return 'このパスキーは登録されていないか、削除されています。メールアドレスとパスワードでログインしてください。'
    case 'rejected':
      return 'パスキーを確認できませんでした。もう一度お試しいただくか、メールアドレスとパスワードでログインしてください。'
    default:
      return loginRefusalMessage(refusal, 'member')
  }
}
