import { throttledMessage } from '#domain/auth/credential_throttle'
import { RATE_LIMITS } from '#domain/auth/rate_limits'
import type { LoginCodeOutcome } from '#domain/auth/new_device_login_code'

/** The Japanese messages of the new-device code step (public/login_code). */
export const LOG_IN_AGAIN = 'もう一度、メールアドレスとパスワードでログインしてください。'
export const LOGIN_CODE_EXPIRED = `認証コードの有効期限が切れました。${LOG_IN_AGAIN}`

export function wrongLoginCodeMessage(attemptsLeft: number) {
  return `認証コードが正しくありません。メールに記載の6桁の数字を入力してください（あと${attemptsLeft}回）。`
}

/** Why the member must log in again after typing a code. */
export function loginCodeRestartMessage(
  outcome: Extract<LoginCodeOutcome, { status: 'exhausted' | 'expired' | 'throttled' }>
) {
  switch (outcome.status) {
    case 'throttled':
      return throttledMessage(outcome.retryAfterSeconds)
    case 'exhausted':
      return '認証コードを続けて間違えたため、このコードは使えなくなりました。もう一度ログインしてください。'
    case 'expired':
      return LOGIN_CODE_EXPIRED
  }
}

export const LOGIN_CODE_RESEND_LIMIT = `認証コードの再送信は${RATE_LIMITS.loginCodeResends.requests}回までです。メールが届かない場合は、迷惑メールフォルダや受信設定をご確認ください。`
