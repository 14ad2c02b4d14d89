import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { dbTimestamp } from '#domain/common/db_time'
import { keepAsSaved } from '#domain/common/saved_values'
import { ACCOUNT_LOCK } from '#domain/auth/rate_limits'

/**
 * Account blocking (アカウントブロック): after ACCOUNT_LOCK.consecutiveFailures wrong
 * passwords in a row an account is locked for a while; staff can unblock it earlier.
 * The per-IP/per-address rate limit (login_throttle.ts) slows guessing first;
 * this lock protects an account attacked from many addresses.
 *
 * The count lives in the account row and is changed only by single UPDATE
 * statements that decide on the row's current value, never by read-add-save:
 * parallel wrong passwords (from many addresses, or on several app instances)
 * each count, exactly one of them locks, and a success decided on an older
 * copy cannot undo a lock made in the meantime.
 */
const MAX_CONSECUTIVE_FAILURES = ACCOUNT_LOCK.consecutiveFailures

export interface LockableAccount extends LucidRow {
  id: number
  failedLoginCount: number
  lockedUntil: DateTime | null
}

export interface FailureOutcome {
  /** True for the one failure that locked the account (send the lock mail then, once). */
  lockedNow: boolean
  /** Set when the account is locked after this failure, by it or by a concurrent one. */
  lockedUntil: DateTime | null
}

/**
 * When a lock starting now ends: ACCOUNT_LOCK.lockMinutes later, rounded up to the whole minute
 * that the message and the mail show, so an unknown log-in id (locked in the limiter store, which
 * keeps whole seconds) is told exactly the same time as an account.
 */
export function lockEnd(now: DateTime): DateTime {
  const end = now.toUTC().plus({ minutes: ACCOUNT_LOCK.lockMinutes })
  const minute = end.startOf('minute')
  return minute.equals(end) ? end : minute.plus({ minutes: 1 })
}

function tableOf(account: LockableAccount) {
  return (account.constructor as LucidModel).table
}

/** Rows whose lock is not running at `now` (never locked, or the lock has ended). */
function notLockedAt(now: DateTime) {
  return (query: any) =>
    query.whereNull('locked_until').orWhere('locked_until', '<=', dbTimestamp(now))
}

/** Counts a wrong password; the failure that reaches the limit locks the account. */
export async function registerFailure(
  account: LockableAccount,
  now: DateTime,
  trx?: TransactionClientContract
): Promise<FailureOutcome> {
  const until = lockEnd(now)
  const rows: { failed_login_count: number }[] = await (trx ?? db)
    .from(tableOf(account))
    .where('id', account.id)
    .where(notLockedAt(now))
    .update(
      {
        failed_login_count: db.knexRawQuery(
          'CASE WHEN failed_login_count + 1 >= ? THEN 0 ELSE failed_login_count + 1 END',
          [MAX_CONSECUTIVE_FAILURES]
        ),
        locked_until: db.knexRawQuery(
          'CASE WHEN failed_login_count + 1 >= ? THEN ? ELSE locked_until END',
          [MAX_CONSECUTIVE_FAILURES, dbTimestamp(until)]
        ),
        updated_at: dbTimestamp(now),
      },
      ['failed_login_count']
    )

  if (rows.length === 0) {
    // A concurrent failure locked it after this request read the account: locked, not counted.
    if (trx) account.useTransaction(trx)
    await account.refresh()
    return { lockedNow: false, lockedUntil: account.lockedUntil }
  }
  const count = Number(rows[0].failed_login_count)
  // The count goes back to 0 only in the statement that locks.
  const lockedNow = count === 0
  keepAsSaved(account, {
    failedLoginCount: count,
    lockedUntil: lockedNow ? until : account.lockedUntil,
  })
  return { lockedNow, lockedUntil: lockedNow ? until : null }
}

/**
 * A right password ends the run of failures, unless the account was locked in the meantime
 * (false: refuse the log-in as locked; the model then holds the lock).
 */
export async function registerSuccess(account: LockableAccount, now: DateTime): Promise<boolean> {
  const rows = await db
    .from(tableOf(account))
    .where('id', account.id)
    .where(notLockedAt(now))
    .update({ failed_login_count: 0, locked_until: null }, ['id'])
  if (rows.length === 0) {
    await account.refresh()
    return false
  }
  keepAsSaved(account, { failedLoginCount: 0, lockedUntil: null })
  return true
}

/** Staff unblock or a new password: the count starts again, whatever it was. */
export function unlock(account: Pick<LockableAccount, 'failedLoginCount' | 'lockedUntil'>) {
  account.failedLoginCount = 0
  account.lockedUntil = null
}

/*
 * Log-in ids with no account (issue 9, defect 6): without these, ten wrong passwords answered
 * 「ロック」 for an existing address and "wrong password" for an unknown one, telling anyone
 * which addresses are members. An unknown id is counted in the limiter store (never expiring,
 * like the account's count) and "locked" after the same number of failures, for the same time,
 * with the same answer. Only a real member gets the lock mail.
 */
function unknownIdCounter() {
  return limiter.use({ requests: MAX_CONSECUTIVE_FAILURES, duration: 0 })
}

const unknownIdKey = (area: string, loginId: string) => `login-unknown-id:${area}:${loginId}`

/** The lock of an unknown log-in id, as registerFailure would report it for an account. */
export async function unknownIdLockedUntil(
  area: string,
  loginId: string,
  now: DateTime
): Promise<DateTime | null> {
  const response = await unknownIdCounter().get(unknownIdKey(area, loginId))
  if (!response || response.consumed < MAX_CONSECUTIVE_FAILURES) return null
  // Before the locking failure has set the block (a concurrent request), it ends as if set now.
  if (response.availableIn <= 0) return lockEnd(now)
  return now.toUTC().plus({ seconds: response.availableIn }).startOf('minute')
}

/** registerFailure for a log-in id without an account. */
export async function registerUnknownIdFailure(
  area: string,
  loginId: string,
  now: DateTime
): Promise<FailureOutcome> {
  const lockedUntil = await unknownIdLockedUntil(area, loginId, now)
  if (lockedUntil) return { lockedNow: false, lockedUntil }

  const counter = unknownIdCounter()
  const key = unknownIdKey(area, loginId)
  const response = await counter.increment(key)
  if (response.consumed < MAX_CONSECUTIVE_FAILURES) return { lockedNow: false, lockedUntil: null }
  const until = lockEnd(now)
  if (response.consumed === MAX_CONSECUTIVE_FAILURES) {
    // The block ends on `until` (whole seconds, rounded up); when it ends the count starts again.
    await counter.block(key, Math.ceil(until.diff(now).as('seconds')))
    return { lockedNow: true, lockedUntil: until }
  }
  return { lockedNow: false, lockedUntil: await unknownIdLockedUntil(area, loginId, now) }
}
