import type { LoginRefusal } from '#domain/auth/password_login'
import { COOP } from '#domain/common/coop'
import { formatJapaneseDate, formatJapaneseDateTime } from '#domain/common/formatting'

/** The Japanese message for a refused log-in: what happened and what to do. */
export function loginRefusalMessage(refusal: LoginRefusal, area: 'member' | 'staff'): string {
  const contact =
    area === 'member'
      ? `${COOP.shortName}（TEL：${COOP.phone}）までお電話ください。`
      : '管理者に連絡してください。'
  switch (refusal.reason) {
    case 'invalid':
      return area === 'member'
        ? 'メールアドレスまたはパスワードが正しくありません。入力内容をご確認ください。'
        : '職員IDまたはパスワードが正しくありません。入力内容をご確認ください。'
    case 'locked':
      return `ログインに続けて失敗したため、アカウントを一時的にロックしています。${formatJapaneseDateTime(refusal.lockedUntil)}以降にもう一度お試しいただくか、${contact}`
    case 'throttled': {
      const minutes = Math.max(1, Math.ceil(refusal.retryAfterSeconds / 60))
      return `ログインの試行回数が上限に達しました。${minutes}分ほど待ってから、もう一度お試しください。`
    }
    case 'withdrawn':
      return `脱退に伴い、出資金返還日（${formatJapaneseDate(refusal.refundOn)}）をもってマイページのご利用は終了しました。ご不明な点は${contact}`
    case 'disabled':
      return `このアカウントは利用停止されています。${contact}`
  }
}
