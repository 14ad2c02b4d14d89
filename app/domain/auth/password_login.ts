import { DateTime } from 'luxon'
import { transaction } from '#services/transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import {
  registerFailure,
  registerSuccess,
  registerUnknownIdFailure,
  type LockableAccount,
} from '#domain/auth/account_lockout'
import { needsRehash, hashPassword, verifyPassword } from '#domain/auth/passwords'
import { throttledLogin, type Throttled } from '#domain/auth/login_throttle'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * The log-in check shared by the member and staff areas: rate limit, lookup,
 * password, account lock, area-specific refusals (withdrawn member, disabled
 * staff), access-log entry for every outcome.
 */
export type LoginRefusal =
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: DateTime }
  | { ok: false; reason: 'withdrawn'; refundOn: DateTime }
  | { ok: false; reason: 'disabled' }
  | Throttled

export type LoginResult<A> = { ok: true; account: A } | LoginRefusal

export interface PasswordAccount extends LockableAccount {
  id: number
  password: string | null
}

export interface PasswordLoginOptions<A extends PasswordAccount> {
  area: 'member' | 'staff'
  loginId: string
  password: string
  origin: RequestOrigin
  now: DateTime
  find: (loginId: string) => Promise<A | null>
  /** A refusal that applies even with the right password (checked only then, so it reveals nothing). */
  refusalFor?: (account: A) => LoginRefusal | null
  /** Called once when consecutive failures have just locked the account. */
  onLocked?: (account: A, trx: TransactionClientContract) => Promise<void>
  /** Who the access-log entry is about. */
  auditSubject: (account: A | null) => {
    staffUserId?: number | null
    memberAccountId?: number | null
    memberId?: number | null
  }
}

export async function attemptPasswordLogin<A extends PasswordAccount>(
  options: PasswordLoginOptions<A>
): Promise<LoginResult<A>> {
  const loginId = options.loginId.trim().toLowerCase()
  let account: A | null = null

  const result = await throttledLogin<LoginResult<A>>(
    { area: options.area, ip: options.origin.ip ?? 'unknown', loginId },
    async () => {
      account = await options.find(loginId)
      const passwordOk = await verifyPassword(account?.password, options.password)
      if (!account) {
        // Counted and "locked" like an account, so the answers never tell which ids exist.
        const failure = await registerUnknownIdFailure(options.area, loginId, options.now)
        return failure.lockedUntil
          ? { ok: false, reason: 'locked', lockedUntil: failure.lockedUntil }
          : { ok: false, reason: 'invalid' }
      }

      if (account.lockedUntil && account.lockedUntil > options.now) {
        return { ok: false, reason: 'locked', lockedUntil: account.lockedUntil }
      }
      if (!passwordOk) {
        const locked = account
        // The lock and the mail telling the member of it are one commit.
        const failure = await transaction(async (trx) => {
          const outcome = await registerFailure(locked, options.now, trx)
          if (outcome.lockedNow) await options.onLocked?.(locked, trx)
          return outcome
        })
        return failure.lockedUntil
          ? { ok: false, reason: 'locked', lockedUntil: failure.lockedUntil }
          : { ok: false, reason: 'invalid' }
      }
      const refusal = options.refusalFor?.(account)
      if (refusal) return refusal

      if (!(await registerSuccess(account, options.now))) {
        return { ok: false, reason: 'locked', lockedUntil: account.lockedUntil! }
      }
      if (needsRehash(account.password!)) {
        account.password = await hashPassword(options.password)
      }
      await account.save()
      return { ok: true, account }
    }
  )

  await recordAudit({
    action: `${options.area}.login`,
    outcome: result.ok ? 'success' : 'failure',
    actorType: account ? options.area : 'anonymous',
    ...options.auditSubject(account),
    origin: options.origin,
    details: result.ok ? { loginId } : { loginId, reason: result.reason },
  })

  return result
}
