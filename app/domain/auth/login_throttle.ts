import { claimAttempt, settleAttempt, type CredentialLimit } from '#domain/auth/credential_throttle'

/**
 * Rate limits on credential endpoints. Only failures count and a success clears
 * the per-account counter, so a member who mistypes once is never slowed.
 * Keyed per address + log-in id (guessing one account) and per address alone
 * (trying many accounts from one place).
 */
export const PER_ACCOUNT_ATTEMPTS = 5
export const PER_ACCOUNT_BLOCK = '5 mins'
export const PER_IP_ATTEMPTS = 30
export const PER_IP_BLOCK = '15 mins'

export interface ThrottleKeys {
  area: 'member' | 'staff'
  ip: string
  loginId: string
}

export type Throttled = { ok: false; reason: 'throttled'; retryAfterSeconds: number }

function limitsFor({ area, ip, loginId }: ThrottleKeys): CredentialLimit[] {
  return [
    {
      key: `login:${area}:${ip}:${loginId.trim().toLowerCase()}`,
      requests: PER_ACCOUNT_ATTEMPTS,
      duration: '1 min',
      block: PER_ACCOUNT_BLOCK,
      clearsOnSuccess: true,
    },
    {
      key: `login:${area}:${ip}`,
      requests: PER_IP_ATTEMPTS,
      duration: '15 mins',
      block: PER_IP_BLOCK,
    },
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
