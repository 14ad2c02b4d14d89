import limiter from '@adonisjs/limiter/services/main'

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

function limitsFor({ area, ip, loginId }: ThrottleKeys) {
  return [
    {
      key: `login:${area}:${ip}:${loginId.trim().toLowerCase()}`,
      limiter: limiter.use({ requests: PER_ACCOUNT_ATTEMPTS, duration: '1 min' }),
      block: PER_ACCOUNT_BLOCK,
      clearsOnSuccess: true,
    },
    {
      key: `login:${area}:${ip}`,
      limiter: limiter.use({ requests: PER_IP_ATTEMPTS, duration: '15 mins' }),
      block: PER_IP_BLOCK,
      clearsOnSuccess: false,
    },
  ]
}

/**
 * Runs `attempt` unless a limit is reached; a reported failure counts against
 * both limits, and reaching one blocks further attempts for a while.
 */
export async function throttledLogin<T extends { ok: boolean }>(
  keys: ThrottleKeys,
  attempt: () => Promise<T>
): Promise<T | Throttled> {
  const limits = limitsFor(keys)

  for (const limit of limits) {
    if (await limit.limiter.isBlocked(limit.key)) {
      return {
        ok: false,
        reason: 'throttled',
        retryAfterSeconds: Math.max(1, await limit.limiter.availableIn(limit.key)),
      }
    }
  }

  const result = await attempt()
  for (const limit of limits) {
    if (result.ok) {
      if (limit.clearsOnSuccess) await limit.limiter.delete(limit.key)
      continue
    }
    const response = await limit.limiter.increment(limit.key)
    if (response.remaining <= 0) {
      await limit.limiter.block(limit.key, limit.block)
    }
  }
  return result
}
