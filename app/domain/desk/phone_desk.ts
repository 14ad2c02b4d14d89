import { DateTime } from 'luxon'
import limiter from '@adonisjs/limiter/services/main'
import { errors as limiterErrors } from '@adonisjs/limiter'
import type { Infer } from '@vinejs/vine/types'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Member from '#models/member'
import type MemberAccount from '#models/member_account'
import type { AuditOutcome } from '#models/audit_log'
import type { IdentityItem } from '#domain/desk/identity_matching'
import { unlock } from '#domain/auth/account_lockout'
import { recordAudit, type AuditAction, type RequestOrigin } from '#domain/audit/audit_trail'
import type { deskActionValidator } from '#validators/staff/phone_desk'
import { RATE_LIMITS } from '#domain/auth/rate_limits'

/**
 * The phone desk (電話対応): what an operator may do once the caller's identity is verified.
 * A verification lasts VERIFICATION_MINUTES for that one member; every reveal is rate-limited
 * per operator (REVEALS_PER_HOUR); every action is audited with the reason given. One file per
 * action (reveal_initial_password.ts, ...) runs those steps; the shared ones are here.
 */
export const VERIFICATION_MINUTES = 10
export const REVEALS_PER_HOUR = RATE_LIMITS.deskRevealsPerOperator.requests
export const REVEAL_VISIBLE_SECONDS = 60
export const DESK_RESULTS_PER_PAGE = 10

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
  const { requests, windowMinutes } = RATE_LIMITS.deskRevealsPerOperator
  return limiter.use({ requests, duration: windowMinutes * 60 })
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

/** Unblocks a locked account; false when it was not locked. */
export async function unblockAccount(
  account: MemberAccount | null,
  now = DateTime.utc(),
  trx?: TransactionClientContract
) {
  if (!account || !account.isLockedAt(now)) return false
  unlock(account)
  if (trx) account.useTransaction(trx)
  await account.save()
  return true
}

/** The member the desk is looking at: with the account state and the affiliation to match. */
export async function deskMemberById(id: string | number): Promise<Member> {
  return Member.query()
    .where('id', Number(id) || 0)
    .preload('account')
    .preload('affiliation')
    .firstOrFail()
}

export type DeskReasonGiven = Infer<typeof deskActionValidator>

/** What every unlocked desk action is given: who asks, for which member, why, from where. */
export interface DeskActionInput {
  staffUserId: number
  /** As deskMemberById loads it. */
  member: Member
  /** The operator's session, where the verification is kept. */
  session: SessionLike
  reason: DeskReasonGiven
  origin: RequestOrigin
}

/** The refusals every unlocked action shares (the reveal limit only where something is shown or sent). */
export type DeskGateRefusal =
  { status: 'unverified' } | { status: 'reveal_limit'; retryAfterSeconds: number }

/**
 * The caller the action may serve: verified for this very member, within VERIFICATION_MINUTES.
 * Null refuses the action (an expired verification is forgotten).
 */
export function verifiedCaller(input: Pick<DeskActionInput, 'session' | 'member'>) {
  return verificationFor(input.session, input.member.id)
}

/** The audit entry of a desk action: who, which member, what matched and why; never a value. */
export function auditDeskAction(
  input: DeskActionInput,
  verification: DeskVerification,
  action: AuditAction,
  outcome: AuditOutcome = 'success',
  trx?: TransactionClientContract
) {
  return recordAudit(
    {
      action,
      outcome,
      actorType: 'staff',
      staffUserId: input.staffUserId,
      memberId: input.member.id,
      memberAccountId: input.member.account?.id ?? null,
      origin: input.origin,
      details: {
        matched: verification.matched,
        reason: input.reason.reason,
        note: input.reason.note ?? null,
      },
    },
    trx
  )
}

/**
 * Counts one reveal toward the operator's hourly limit. At the limit nothing is counted, the
 * refusal is audited and returned; null lets the action go on.
 */
export async function countReveal(
  input: DeskActionInput,
  verification: DeskVerification
): Promise<Extract<DeskGateRefusal, { status: 'reveal_limit' }> | null> {
  const retryAfterSeconds = await consumeReveal(input.staffUserId)
  if (retryAfterSeconds === null) return null
  await auditDeskAction(input, verification, 'staff.phone_desk.rate_limited', 'failure')
  return { status: 'reveal_limit', retryAfterSeconds }
}
