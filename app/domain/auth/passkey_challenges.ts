import { DateTime } from 'luxon'
import type { Session } from '@adonisjs/session'
import { STEP_WINDOWS } from '#domain/auth/rate_limits'

/**
 * The random challenge of a passkey ceremony lives in the member's session (stored in the
 * database or Redis in production, so any instance behind the load balancer finds it). It is
 * single-use: taking it removes it, whether the answer then verifies or not; and it is dead
 * STEP_WINDOWS.passkeyChallengeMinutes after it was issued.
 */
export type PasskeyCeremony = 'login' | 'registration'

const KEYS: Record<PasskeyCeremony, string> = {
  login: 'passkey_login_challenge',
  registration: 'passkey_registration_challenge',
}

export interface StoredChallenge {
  challenge: string
  at: number
}

export function rememberChallenge(
  session: Pick<Session, 'put'>,
  ceremony: PasskeyCeremony,
  challenge: string,
  now = DateTime.now().toMillis()
) {
  session.put(KEYS[ceremony], { challenge, at: now } satisfies StoredChallenge)
}

/** The pending challenge, removed from the session; null when none or when it is too old. */
export function takeChallenge(
  session: Pick<Session, 'pull'>,
  ceremony: PasskeyCeremony,
  now = DateTime.now().toMillis()
): string | null {
  const stored = session.pull(KEYS[ceremony]) as Partial<StoredChallenge> | undefined
  if (!stored || typeof stored.challenge !== 'string' || typeof stored.at !== 'number') return null
  if (now - stored.at > STEP_WINDOWS.passkeyChallengeMinutes * 60 * 1000) return null
  return stored.challenge
}

export const PASSKEY_CHALLENGE_KEYS = KEYS
