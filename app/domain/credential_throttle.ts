import limiter from '@adonisjs/limiter/services/main'

/**
 * Rate limits for the credential endpoints other than log-in (registration,
 * password reset, password re-entry). Each limit is a key with a number of
 * counted attempts per window; reaching it blocks the key for a while.
 */
export interface CredentialLimit {
  key: string
  requests: number
  duration: string
  block: string
}

export type ThrottleState = { blocked: false } | { blocked: true; retryAfterSeconds: number }

function limiterFor(limit: CredentialLimit) {
  return limiter.use({ requests: limit.requests, duration: limit.duration })
}

export async function throttleState(limits: CredentialLimit[]): Promise<ThrottleState> {
  for (const limit of limits) {
    const store = limiterFor(limit)
    if (await store.isBlocked(limit.key)) {
      return { blocked: true, retryAfterSeconds: Math.max(1, await store.availableIn(limit.key)) }
    }
  }
  return { blocked: false }
}

export async function countAttempt(limits: CredentialLimit[]) {
  for (const limit of limits) {
    const store = limiterFor(limit)
    const response = await store.increment(limit.key)
    if (response.remaining <= 0) await store.block(limit.key, limit.block)
  }
}

export async function clearAttempts(limits: CredentialLimit[]) {
  for (const limit of limits) await limiterFor(limit).delete(limit.key)
}

export function throttledMessage(retryAfterSeconds: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
  return `試行回数が上限に達しました。${minutes}分ほど待ってから、もう一度お試しください。`
}
