import { DateTime } from 'luxon'
import Member from '#models/member'
import CardCheck, { type CardCheckReason } from '#models/card_check'
import { cardAvailability, verifyCardToken } from '#domain/members/membership_card'
import { countAttempt } from '#domain/auth/credential_throttle'
import { RATE_LIMITS, limitOn } from '#domain/auth/rate_limits'
import { BUSINESS_ZONE } from '#domain/common/clock'
import type { RequestOrigin } from '#domain/audit/audit_trail'
import { transaction } from '#services/transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * Card check (組合員証の確認): the card's QR code opens a public page of this site that says
 * whether the card is valid now. A card is valid when the code's signature is this site's,
 * the code has not expired (5 minutes: an older code is a screenshot, or a photo of one), the
 * member exists and their card has not ended (cardAvailability: from the refund date on, a
 * withdrawn member's card is gone). Every check is recorded; checks are rate-limited per
 * address (RATE_LIMITS.cardCheckPerAddress), and a throttled request is not a check (it reads
 * nothing and is not recorded, so a flood cannot fill the table).
 */

/** The newest checks the staff member page lists. */
export const CARD_CHECK_HISTORY_LIMIT = 50

export type CardCheckOutcome =
  /** `member` has its affiliation loaded: the page shows what the plastic card shows. */
  | { status: 'valid'; member: Member; checkedAt: DateTime; expiresAt: DateTime }
  /** Nothing of the member: a stale code may be a screenshot passed on. */
  | { status: 'expired'; checkedAt: DateTime; expiredAt: DateTime }
  | { status: 'invalid'; reason: CardCheckReason; checkedAt: DateTime }
  | { status: 'throttled'; retryAfterSeconds: number }

export function cardCheckThrottledMessage(): string {
  const { requests, windowMinutes } = RATE_LIMITS.cardCheckPerAddress
  return `確認の回数が上限（${windowMinutes}分間に${requests}回）に達しました。しばらく待ってから、もう一度QRコードを読み取ってください。`
}

/**
 * What a scanner typed or a camera read on the staff page: the check URL (a keyboard-wedge QR
 * reader types it) or the bare token. The token is the URL's last path segment; whose site the
 * URL names does not matter, the signature decides.
 */
export function tokenFromScan(scanned: string): string {
  const text = scanned.trim().replace(/[?#].*$/, '')
  return text.slice(text.lastIndexOf('/') + 1)
}

export async function checkMembershipCard(input: {
  token: string
  origin: RequestOrigin
  /** The staff member checking on the staff page (recorded); none on the public page. */
  staffUserId?: number
}): Promise<CardCheckOutcome> {
  const limit = limitOn(RATE_LIMITS.cardCheckPerAddress, `card_check:${input.origin.ip ?? '-'}`)
  const throttle = await countAttempt([limit])
  if (throttle.blocked)
    return { status: 'throttled', retryAfterSeconds: throttle.retryAfterSeconds }

  const checkedAt = DateTime.utc()
  const token = verifyCardToken(input.token, { now: checkedAt })
  return transaction(async (trx) => {
    const memberNumber = token.ok || token.reason === 'expired' ? token.memberNumber : null
    const member = memberNumber ? await memberOf(memberNumber, trx) : null
    const outcome = decide(token, member, checkedAt)
    await CardCheck.create(
      {
        memberId: member?.id ?? null,
        staffUserId: input.staffUserId ?? null,
        result: outcome.status,
        reason: outcome.status === 'invalid' ? outcome.reason : null,
        ip: input.origin.ip,
        checkedAt,
      },
      { client: trx }
    )
    return outcome
  })
}

type Decided = Exclude<CardCheckOutcome, { status: 'throttled' }>

function decide(
  token: ReturnType<typeof verifyCardToken>,
  member: Member | null,
  checkedAt: DateTime
): Decided {
  if (!token.ok && token.reason !== 'expired') {
    return { status: 'invalid', reason: token.reason, checkedAt }
  }
  if (!token.ok) return { status: 'expired', checkedAt, expiredAt: token.expiresAt }
  if (!member) return { status: 'invalid', reason: 'unknown_member', checkedAt }
  const today = checkedAt.setZone(BUSINESS_ZONE).startOf('day')
  if (!cardAvailability(member, today).available) {
    return { status: 'invalid', reason: 'withdrawn', checkedAt }
  }
  return { status: 'valid', member, checkedAt, expiresAt: token.expiresAt }
}

/** The member a signed code names, with the affiliation. */
async function memberOf(memberNumber: string, trx: TransactionClientContract) {
  return Member.query({ client: trx })
    .where('member_number', memberNumber)
    .preload('affiliation')
    .first()
}

/** The member's newest checks, for the staff member page (bounded). */
export async function recentCardChecks(memberId: number): Promise<CardCheck[]> {
  return CardCheck.query()
    .where('member_id', memberId)
    .orderBy('checked_at', 'desc')
    .orderBy('id', 'desc')
    .limit(CARD_CHECK_HISTORY_LIMIT)
}
