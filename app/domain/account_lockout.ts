import { DateTime } from 'luxon'

/**
 * Account blocking (アカウントブロック): after this many consecutive wrong
 * passwords an account is locked for a while; staff can unblock it earlier.
 * The per-IP/per-address rate limit (login_throttle.ts) slows guessing first;
 * this lock protects an account attacked from many addresses.
 */
export const MAX_CONSECUTIVE_FAILURES = 10
export const LOCK_MINUTES = 30

export interface LockableAccount {
  failedLoginCount: number
  lockedUntil: DateTime | null
  save(): Promise<unknown>
}

/** Counts a failure; returns true when this failure locked the account. */
export async function registerFailure(account: LockableAccount, now: DateTime): Promise<boolean> {
  account.failedLoginCount += 1
  let lockedNow = false
  if (account.failedLoginCount >= MAX_CONSECUTIVE_FAILURES) {
    account.lockedUntil = now.plus({ minutes: LOCK_MINUTES })
    account.failedLoginCount = 0
    lockedNow = true
  }
  await account.save()
  return lockedNow
}

export function registerSuccess(account: LockableAccount) {
  account.failedLoginCount = 0
  account.lockedUntil = null
}

export function unlock(account: LockableAccount) {
  account.failedLoginCount = 0
  account.lockedUntil = null
}
