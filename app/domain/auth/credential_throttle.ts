import limiter from '@adonisjs/limiter/services/main'

/**
 * Rate limits on credential endpoints (log-in, registration, password reset and re-entry,
 * mailed and app codes, phone-desk identity checks). Each limit is a key with a number of
 * counted attempts per window; using them up blocks the key for a while.
 *
 * An attempt is claimed (counted in the store, atomically) BEFORE it is made, and given back
 * afterwards when it turned out not to count. Checking "is the key used up?" first and counting
 * after the attempt let parallel requests all pass the check before any of them was counted
 * (issue 9, defect 2: 20 parallel guesses all checked against a limit of 5).
 */
export interface CredentialLimit {
  key: string
  requests: number
  /** Seconds, or a time expression ('15 mins'). */
  duration: number | string
  block: number | string
  /** A success ends the run of failures (consecutive failures); otherwise it is just not counted. */
  clearsOnSuccess?: boolean
}

export type ThrottleState = { blocked: false } | { blocked: true; retryAfterSeconds: number }

function limiterFor(limit: CredentialLimit) {
  return limiter.use({ requests: limit.requests, duration: limit.duration })
}

/**
 * Counts one attempt on every limit, in order. When a limit is already used up the attempt must
 * not be made: the claims on the limits before it are given back and the wait is returned.
 */
export async function claimAttempt(limits: CredentialLimit[]): Promise<ThrottleState> {
  const claimed: CredentialLimit[] = []
  for (const limit of limits) {
    const response = await limiterFor(limit).increment(limit.key)
    if (response.consumed > limit.requests) {
      for (const earlier of claimed) await limiterFor(earlier).decrement(earlier.key)
      return { blocked: true, retryAfterSeconds: Math.max(1, response.availableIn) }
    }
    claimed.push(limit)
  }
  return { blocked: false }
}

/**
 * After a claimed attempt: `counted` (a failure) blocks each key it used up for the limit's
 * block time; `succeeded` gives the claim back and clears the limits a success ends;
 * `given_back` (the attempt was not really made, or does not count) only gives the claim back.
 */
export async function settleAttempt(
  limits: CredentialLimit[],
  outcome: 'counted' | 'succeeded' | 'given_back'
) {
  for (const limit of limits) {
    const store = limiterFor(limit)
    if (outcome === 'counted') {
      const response = await store.get(limit.key)
      if (response && response.consumed >= limit.requests) await store.block(limit.key, limit.block)
    } else if (outcome === 'succeeded' && limit.clearsOnSuccess) {
      await store.delete(limit.key)
    } else {
      await store.decrement(limit.key)
    }
  }
}

/** Claims an attempt that always counts (e.g. every reset request): claim and settle at once. */
export async function countAttempt(limits: CredentialLimit[]): Promise<ThrottleState> {
  const state = await claimAttempt(limits)
  if (!state.blocked) await settleAttempt(limits, 'counted')
  return state
}

export function throttledMessage(retryAfterSeconds: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
  return `試行回数が上限に達しました。${minutes}分ほど待ってから、もう一度お試しください。`
}
