import type CardCheck from '#models/card_check'
import type { CardCheckReason, CardCheckResult } from '#models/card_check'
import { formatJapaneseDateTimeSeconds } from '#domain/common/formatting'
import { CARD_CHECK_HISTORY_LIMIT } from '#domain/members/card_check'

/**
 * The member page's 「組合員証の確認」 tab: the newest checks of the member's card QR (who
 * opened the check page is not known: the address is what the check recorded). Times in
 * Japan time with seconds, as the check page showed them.
 */
export interface CardCheckRow {
  id: number
  checkedAt: string
  result: CardCheckResult
  resultLabel: string
  reasonLabel: string
  ip: string
}

export interface CardChecksProps {
  rows: CardCheckRow[]
  limit: number
}

const RESULT_LABELS: Record<CardCheckResult, string> = {
  valid: '有効',
  expired: '期限切れ',
  invalid: '無効',
}

const REASON_LABELS: Record<CardCheckReason, string> = {
  malformed: 'QRコードの形式が正しくない',
  tampered: '署名が一致しない（書き換え）',
  unknown_member: '組合員が見つからない',
  withdrawn: '脱退済み（出資金返還日以降）',
}

export function presentCardChecks(checks: CardCheck[]): CardChecksProps {
  return {
    limit: CARD_CHECK_HISTORY_LIMIT,
    rows: checks.map((check) => ({
      id: check.id,
      checkedAt: formatJapaneseDateTimeSeconds(check.checkedAt),
      result: check.result,
      resultLabel: RESULT_LABELS[check.result],
      reasonLabel: check.reason ? REASON_LABELS[check.reason] : '',
      ip: check.ip ?? '',
    })),
  }
}
