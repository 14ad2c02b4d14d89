import { claimAttempt, settleAttempt, type CredentialLimit } from '#domain/auth/credential_throttle'
import { limitOn, RATE_LIMITS } from '#domain/auth/rate_limits'

/**
 * The log-in rate limits (RATE_LIMITS.passwordLogin*). Only failures count and a success clears
 * the per-account counter, so a member who mistypes once is never slowed.
 * Keyed per address + log-in id (guessing one account) and per address alone
 * (trying many accounts from one place).
 */

export interface ThrottleKeys {
  area: 'member' | 'staff'
  ip: string
  loginId: string
}

export type Throttled = { ok: false; reason: 'throttled'; retryAfterSeconds: number }

function limitsFor({ area, ip, loginId }: ThrottleKeys): CredentialLimit[] {
  return [
    limitOn(
      RATE_LIMITS.passwordLoginPerAccount,
      `login:${area}:${ip}:${loginId.trim().toLowerCase()}`,
      { clearsOnSuccess: true }
    ),
    limitOn(RATE_LIMITS.passwordLoginPerAddress, `login:${area}:${ip}`),
  ]
}

/**
 * Runs `attempt` unless a limit is reached; the attempt is counted against both limits before
 * it runs (see credential_throttle), a failure stays counted and a success is given back.
 */
export async function throttledLogin<T extends { ok: boolean }>(
  keys: ThrottleKeys,
  attempt: () => Promise<T>
): Promise<T | Throttled> {
  const limits = limitsFor(keys)
  const state = await claimAttempt(limits)
  if (state.blocked) {
    return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds }
  }
  let result: T
  try {
    result = await attempt()
  } catch (error) {
    await settleAttempt(limits, 'given_back')
    throw error
  }
  await settleAttempt(limits, result.ok ? 'succeeded' : 'counted')
  return result
}
