import type { Session } from '@adonisjs/session'
import MemberAccount from '#models/member_account'
import { verifyLoginCode } from '#domain/auth/one_time_tokens'
import {
  isKnownDevice,
  rememberDevice,
  resendLoginCode,
  sendLoginCode,
} from '#domain/auth/member_devices'
import { claimAttempt, settleAttempt } from '#domain/auth/credential_throttle'
import { limitOn, RATE_LIMITS, STEP_WINDOWS } from '#domain/auth/rate_limits'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * The code mailed on a log-in from a new device (SPEC security: 認証コード). The right password
 * from a browser not seen before opens a challenge, kept in that browser's session for
 * STEP_WINDOWS.memberLoginCodeMinutes; the log-in ends only when the mailed code is given.
 * Each code has LOGIN_CODE_TRIES (one_time_tokens), re-sends are limited, and wrong codes over
 * many log-ins are limited per account.
 */
export const LOGIN_CHALLENGE_KEY = 'member_login_challenge'

type ChallengeSession = Pick<Session, 'get' | 'put' | 'forget'>

interface StoredChallenge {
  accountId: number
  at: number
}

/** A challenge still open: whose it is and when its latest code was mailed (ms). */
export interface LoginCodeChallenge {
  account: MemberAccount
  startedAt: number
}

/**
 * After the right password: a browser this account has not confirmed owes the mailed code,
 * which is sent now; a known one may finish the log-in at once.
 */
export async function challengeNewDevice(input: {
  session: ChallengeSession
  account: MemberAccount
  deviceId: unknown
}): Promise<{ status: 'known_device' } | { status: 'code_sent' }> {
  if (await isKnownDevice(input.account.id, input.deviceId)) return { status: 'known_device' }
  await sendLoginCode(input.account)
  input.session.put(LOGIN_CHALLENGE_KEY, {
    accountId: input.account.id,
    at: Date.now(),
  } satisfies StoredChallenge)
  return { status: 'code_sent' }
}

/** This browser's open challenge; a missing, timed-out or orphaned one is dropped (null). */
export async function openLoginCodeChallenge(
  session: ChallengeSession
): Promise<LoginCodeChallenge | null> {
  const stored = session.get(LOGIN_CHALLENGE_KEY) as StoredChallenge | undefined
  const open = stored && Date.now() - stored.at <= STEP_WINDOWS.memberLoginCodeMinutes * 60 * 1000
  const account = open ? await MemberAccount.find(stored.accountId) : null
  if (!stored || !account || !account.isRegistered) {
    session.forget(LOGIN_CHALLENGE_KEY)
    return null
  }
  return { account, startedAt: stored.at }
}

export type LoginCodeOutcome =
  | { status: 'verified'; account: MemberAccount; deviceId: string }
  | { status: 'wrong'; attemptsLeft: number }
  | { status: 'exhausted' | 'expired' }
  | { status: 'throttled'; retryAfterSeconds: number }

/**
 * Checks the typed code of an open challenge. The right code ends the challenge and remembers
 * this browser (the returned device id goes into its cookie); a wrong one leaves it open while
 * the code has tries left; anything else ends it (the member logs in again).
 */
export async function verifyNewDeviceCode(input: {
  session: ChallengeSession
  challenge: LoginCodeChallenge
  code: string
  deviceId: unknown
  origin: RequestOrigin
}): Promise<LoginCodeOutcome> {
  const { account } = input.challenge
  // Each log-in mails a new code with its own tries; this limit stops many log-ins x tries.
  const limits = [limitOn(RATE_LIMITS.loginCodeFailuresPerAccount, `login_code:${account.id}`)]
  const state = await claimAttempt(limits)
  if (state.blocked) {
    input.session.forget(LOGIN_CHALLENGE_KEY)
    return { status: 'throttled', retryAfterSeconds: state.retryAfterSeconds }
  }
  const result = await verifyLoginCode(account.id, input.code)
  await settleAttempt(limits, result.ok ? 'given_back' : 'counted')
  await recordAudit({
    action: 'member.login_code',
    outcome: result.ok ? 'success' : 'failure',
    actorType: 'member',
    memberAccountId: account.id,
    memberId: account.memberId,
    origin: input.origin,
    details: result.ok ? undefined : { reason: result.reason },
  })
  if (!result.ok && result.reason === 'wrong') {
    return { status: 'wrong', attemptsLeft: result.attemptsLeft }
  }
  input.session.forget(LOGIN_CHALLENGE_KEY)
  if (!result.ok) return { status: result.reason === 'exhausted' ? 'exhausted' : 'expired' }
  const deviceId = await rememberDevice(account.id, input.deviceId, input.origin.userAgent)
  return { status: 'verified', account, deviceId }
}

/** Mails a fresh code for an open challenge (the old one stops working) and restarts its time. */
export async function resendNewDeviceCode(input: {
  session: ChallengeSession
  challenge: LoginCodeChallenge
}): Promise<{ status: 'resent' } | { status: 'limit_reached' }> {
  if (!(await resendLoginCode(input.challenge.account))) return { status: 'limit_reached' }
  input.session.put(LOGIN_CHALLENGE_KEY, {
    accountId: input.challenge.account.id,
    at: Date.now(),
  } satisfies StoredChallenge)
  return { status: 'resent' }
}
