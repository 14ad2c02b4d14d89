import { DateTime } from 'luxon'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import type Member from '#models/member'
import type MemberAccount from '#models/member_account'
import type { IdentityItem } from '#domain/desk/identity_matching'
import {
  currentInitialPassword,
  decryptInitialPassword,
  groupForReading,
  issueInitialPassword,
} from '#domain/auth/initial_passwords'
import { unlock } from '#domain/auth/account_lockout'
import { claimAttempt, settleAttempt, type CredentialLimit } from '#domain/auth/credential_throttle'

/**
 * The phone desk (電話対応): what an operator may do once the caller's identity is verified.
 * A verification lasts VERIFICATION_MINUTES for that one member; every reveal is rate-limited
 * per operator (REVEALS_PER_HOUR) and audited by the controller with the reason given.
 */
export const VERIFICATION_MINUTES = 10
export const REVEALS_PER_HOUR = 30
export const REVEAL_VISIBLE_SECONDS = 60

export const DESK_REASONS = {
  registration: 'ログイン登録の手続き中',
  lost_letter: '案内状の紛失・未着',
  forgot_email: 'ログインIDのメールアドレス失念',
  locked: 'アカウントのロック',
  other: 'その他',
} as const
export type DeskReason = keyof typeof DESK_REASONS

/** What is kept in the operator's session: the member and the items that matched, no values. */
export interface DeskVerification {
  memberId: number
  matched: IdentityItem[]
  verifiedAt: string
  expiresAt: string
}

export interface SessionLike {
  get(key: string, defaultValue?: unknown): any
  put(key: string, value: unknown): void
  forget(key: string): void
}

const SESSION_KEY = 'phone_desk_verification'

export function rememberVerification(
  session: SessionLike,
  memberId: number,
  matched: IdentityItem[],
  now: DateTime = DateTime.utc()
): DeskVerification {
  const verification: DeskVerification = {
    memberId,
    matched,
    verifiedAt: now.toISO()!,
    expiresAt: now.plus({ minutes: VERIFICATION_MINUTES }).toISO()!,
  }
  session.put(SESSION_KEY, verification)
  return verification
}

/** The current verification for this member, or null when there is none or it expired. */
export function verificationFor(
  session: SessionLike,
  memberId: number,
  now: DateTime = DateTime.utc()
): DeskVerification | null {
  const stored = session.get(SESSION_KEY) as DeskVerification | undefined
  if (!stored || stored.memberId !== memberId) return null
  if (DateTime.fromISO(stored.expiresAt) <= now) {
    session.forget(SESSION_KEY)
    return null
  }
  return stored
}

export function forgetVerification(session: SessionLike) {
  session.forget(SESSION_KEY)
}

function revealLimiter() {
  return limiter.use({ requests: REVEALS_PER_HOUR, duration: '1 hour' })
}

/**
 * Counts one reveal for the operator. Returns null when allowed, or the seconds to wait when
 * the hourly limit is reached (nothing is counted then).
 */
export async function consumeReveal(staffUserId: number): Promise<number | null> {
  try {
    await revealLimiter().consume(`phone-desk-reveal:${staffUserId}`)
    return null
  } catch (error) {
    if (error instanceof limiterErrors.E_TOO_MANY_REQUESTS) {
      return Math.max(1, error.response.availableIn)
    }
    throw error
  }
}

/**
 * Failed identity checks per operator and member: after FAILED_CHECKS_ALLOWED failures the desk
 * refuses further checks of that member for a while, so nobody can try birth dates one by one.
 */
export const FAILED_CHECKS_ALLOWED = 5
export const FAILED_CHECKS_BLOCK_MINUTES = 15

function failedCheckLimits(staffUserId: number, memberId: number): CredentialLimit[] {
  return [
    {
      key: `phone-desk-verify:${staffUserId}:${memberId}`,
      requests: FAILED_CHECKS_ALLOWED,
      duration: `${FAILED_CHECKS_BLOCK_MINUTES} mins`,
      block: `${FAILED_CHECKS_BLOCK_MINUTES} mins`,
      clearsOnSuccess: true,
    },
  ]
}

/**
 * Claims one identity check before it is compared (false: the checks of this member are
 * blocked), so parallel submissions cannot all be compared against a count read before any of
 * them failed. Settle it with settleIdentityCheck.
 */
export async function claimIdentityCheck(staffUserId: number, memberId: number) {
  const state = await claimAttempt(failedCheckLimits(staffUserId, memberId))
  return !state.blocked
}

/** A failed check stays counted; a verified caller ends the run of failures. */
export async function settleIdentityCheck(
  staffUserId: number,
  memberId: number,
  verified: boolean
) {
  await settleAttempt(failedCheckLimits(staffUserId, memberId), verified ? 'succeeded' : 'counted')
}

export type InitialPasswordReveal =
  { kind: 'registered' } | { kind: 'none' } | { kind: 'shown'; grouped: string; issuedAt: DateTime }

/** The initial password, only while the member has not registered (afterwards: password reset). */
export async function initialPasswordToRead(
  member: Member,
  account: MemberAccount | null
): Promise<InitialPasswordReveal> {
  if (account?.isRegistered) return { kind: 'registered' }
  const record = await currentInitialPassword(member.id)
  const value = record ? decryptInitialPassword(record) : null
  if (!record || !value) return { kind: 'none' }
  return { kind: 'shown', grouped: groupForReading(value), issuedAt: record.issuedAt }
}

/** Re-issues the initial password (the old one stops working); refused once registered. */
export async function reissueInitialPassword(
  member: Member,
  account: MemberAccount | null,
  staffUserId: number
): Promise<{ ok: true; value: string } | { ok: false; reason: 'registered' }> {
  if (account?.isRegistered) return { ok: false, reason: 'registered' }
  const value = await issueInitialPassword(member.id, { issuedByStaffId: staffUserId })
  return { ok: true, value }
}

/** Unblocks a locked account; false when it was not locked. */
export async function unblockAccount(account: MemberAccount | null, now = DateTime.utc()) {
  if (!account || !account.isLockedAt(now)) return false
  unlock(account)
  await account.save()
  return true
}
