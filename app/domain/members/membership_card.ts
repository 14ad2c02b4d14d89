import { createHmac, timingSafeEqual } from 'node:crypto'
import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import { appKey } from '#config/app'
import { withdrawalState } from '#domain/members/withdrawal'
import { todayInJapan } from '#domain/common/clock'

/**
 * デジタル組合員証: the QR code carries a token the server signed, so a copied
 * or edited code is refused, and it expires within minutes, so a screenshot
 * is useless after a short while.
 *
 *   MC1.<member number>.<issued at, unix s>.<expires at, unix s>.<HMAC-SHA256, base64url>
 *
 * The HMAC key is derived from APP_KEY for this one purpose (never APP_KEY itself).
 */
export const CARD_TOKEN_PREFIX = 'MC1'
export const CARD_TOKEN_TTL_SECONDS = 5 * 60

export interface CardToken {
  token: string
  memberNumber: string
  issuedAt: DateTime
  expiresAt: DateTime
}

export type CardTokenCheck =
  | ({ ok: true } & Omit<CardToken, 'token'>)
  | { ok: false; reason: 'malformed' | 'tampered' }
  /** Signed here but stale: whose it was and when it ended are known (the card check records them). */
  | { ok: false; reason: 'expired'; memberNumber: string; expiresAt: DateTime }

function cardKey(secret: string = appKey.release()): Buffer {
  return createHmac('sha256', secret).update('membership-card-qr:v1').digest()
}

function signature(payload: string, secret?: string): string {
  return createHmac('sha256', cardKey(secret)).update(payload).digest('base64url')
}

export function issueCardToken(
  memberNumber: string,
  options: { now?: DateTime; ttlSeconds?: number; secret?: string } = {}
): CardToken {
  if (!/^\d+$/.test(memberNumber)) throw new Error('A member number has digits only')
  const now = options.now ?? DateTime.utc()
  const issuedAt = Math.floor(now.toSeconds())
  const expiresAt = issuedAt + (options.ttlSeconds ?? CARD_TOKEN_TTL_SECONDS)
  const payload = `${CARD_TOKEN_PREFIX}.${memberNumber}.${issuedAt}.${expiresAt}`
  return {
    token: `${payload}.${signature(payload, options.secret)}`,
    memberNumber,
    issuedAt: DateTime.fromSeconds(issuedAt, { zone: 'utc' }),
    expiresAt: DateTime.fromSeconds(expiresAt, { zone: 'utc' }),
  }
}

export function verifyCardToken(
  token: string,
  options: { now?: DateTime; secret?: string } = {}
): CardTokenCheck {
  const parts = token.split('.')
  if (parts.length !== 5 || parts[0] !== CARD_TOKEN_PREFIX)
    return { ok: false, reason: 'malformed' }
  const [, memberNumber, issued, expires, given] = parts
  if (!/^\d+$/.test(memberNumber) || !/^\d+$/.test(issued) || !/^\d+$/.test(expires)) {
    return { ok: false, reason: 'malformed' }
  }
  const expected = Buffer.from(signature(parts.slice(0, 4).join('.'), options.secret))
  const actual = Buffer.from(given)
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return { ok: false, reason: 'tampered' }
  }
  const now = Math.floor((options.now ?? DateTime.utc()).toSeconds())
  if (now >= Number(expires) || Number(issued) > Number(expires)) {
    return {
      ok: false,
      reason: 'expired',
      memberNumber,
      expiresAt: DateTime.fromSeconds(Number(expires), { zone: 'utc' }),
    }
  }
  return {
    ok: true,
    memberNumber,
    issuedAt: DateTime.fromSeconds(Number(issued), { zone: 'utc' }),
    expiresAt: DateTime.fromSeconds(Number(expires), { zone: 'utc' }),
  }
}

/**
 * The card is the member's while they are a member: a withdrawal whose refund
 * date (March 31) has come ends it (SPEC.md lifecycle 5: until the refund the
 * member keeps the portal and the card, as the FAQ answers).
 */
export function cardAvailability(
  member: { refundOn: DateTime | null },
  today: DateTime = todayInJapan()
): { available: true; refundOn: DateTime | null } | { available: false; refundOn: DateTime } {
  const state = withdrawalState(member, today)
  if (state.kind === 'withdrawn') return { available: false, refundOn: state.refundOn }
  return { available: true, refundOn: state.kind === 'pending' ? state.refundOn : null }
}

/** A fresh QR code only for a card that is still valid: once it has ended, the answer is 404. */
export function assertCardAvailable(member: { refundOn: DateTime | null }): void {
  if (!cardAvailability(member).available) {
    throw new Exception('No membership card', { status: 404 })
  }
}
