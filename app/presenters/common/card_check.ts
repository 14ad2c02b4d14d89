import type { CardCheckOutcome } from '#domain/members/card_check'
import { cardCheckThrottledMessage } from '#domain/members/card_check'
import { CARD_TOKEN_TTL_SECONDS } from '#domain/members/membership_card'
import { formatJapaneseDateTimeSeconds } from '#domain/common/formatting'
import { COOP } from '#domain/common/coop'
import { presentCardFace, type CardFace } from '#presenters/common/card_face'

/**
 * The card check answer (public/card_check, and staff/card_check for the desk) at a glance. Only 有効 carries the card's face (the five items
 * the plastic card shows, presentCardFace); 期限切れ and 無効 carry nothing of the member, not
 * even whether the number exists, so a stale or copied code tells its reader nothing new.
 */
export type CardCheckStatus = CardCheckOutcome['status']

export interface CardCheckProps {
  status: CardCheckStatus
  headline: string
  explanation: string
  card: CardFace | null
  /** When this check was made, Japan time with seconds (2026年12月4日 10:05:03). */
  checkedAtLabel: string | null
  /** 期限切れ: when the code stopped being valid (how old the copy is). */
  expiredAtLabel: string | null
  coopName: string
  phone: string
}

const HEADLINES: Record<CardCheckStatus, string> = {
  valid: '有効な組合員証です',
  expired: '期限切れです（画面の写しの可能性があります）',
  invalid: '無効です',
  throttled: '確認できませんでした',
}

function explanationOf(outcome: CardCheckOutcome): string {
  const minutes = CARD_TOKEN_TTL_SECONDS / 60
  switch (outcome.status) {
    case 'valid':
      return `${COOP.name}の組合員証です。表示中の組合員証の氏名・組合員番号と、下の内容が同じかご確認ください。`
    case 'expired':
      return `組合員証のQRコードは${minutes}分ごとに新しくなります。このQRコードは有効期限を過ぎているため、画面の写し（スクリーンショット）の可能性があります。組合員の方に、マイページの「デジタル組合員証」を開き直していただき、もう一度読み取ってください。`
    case 'invalid':
      return `このQRコードは、${COOP.name}の有効な組合員証のものではありません（読み取りの誤り、内容の書き換え、または利用できなくなった組合員証です）。`
    case 'throttled':
      return cardCheckThrottledMessage()
  }
}

export function presentCardCheck(outcome: CardCheckOutcome): CardCheckProps {
  return {
    status: outcome.status,
    headline: HEADLINES[outcome.status],
    explanation: explanationOf(outcome),
    card: outcome.status === 'valid' ? presentCardFace(outcome.member) : null,
    checkedAtLabel:
      outcome.status === 'throttled' ? null : formatJapaneseDateTimeSeconds(outcome.checkedAt),
    expiredAtLabel:
      outcome.status === 'expired' ? formatJapaneseDateTimeSeconds(outcome.expiredAt) : null,
    coopName: COOP.name,
    phone: COOP.phone,
  }
}
