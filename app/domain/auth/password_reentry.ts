import { DateTime } from 'luxon'
import type { HttpContext } from '@adonisjs/core/http'
import type { Session } from '@adonisjs/session'
import type MemberAccount from '#models/member_account'
import { throttledLogin, type Throttled } from '#domain/auth/login_throttle'
import { registerFailure, registerSuccess } from '#domain/auth/account_lockout'
import { verifyPassword } from '#domain/auth/passwords'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import type { AuditAction } from '#domain/audit/audit_actions'
import { STEP_WINDOWS } from '#domain/auth/rate_limits'

/**
 * Re-entering the password before sensitive changes (SPEC: e-mail, password,
 * profile) when the log-in is older than STEP_WINDOWS.recentPasswordMinutes. A wrong password counts
 * like a failed log-in: the same rate limits and the same account lock.
 */
export const PASSWORD_CONFIRMED_AT_KEY = 'member_password_confirmed_at'
const LOGIN_AT_KEY = 'member_login_at'
export const LOGIN_METHOD_KEY = 'member_login_method'

/**
 * A passkey log-in typed no password: it does not open these changes (nor adding or removing
 * a passkey). The password stays the one secret that guards the account itself, so a passkey
 * on a shared or lost device cannot change the e-mail, the password or the passkeys.
 */
export type MemberLoginMethod = 'password' | 'passkey'

export function rememberLoginMethod(session: Pick<Session, 'put'>, method: MemberLoginMethod) {
  session.put(LOGIN_METHOD_KEY, method)
}

export function passwordRecentlyEntered(ctx: HttpContext, now = Date.now()) {
  const loginAt =
    ctx.session.get(LOGIN_METHOD_KEY) === 'passkey' ? null : ctx.session.get(LOGIN_AT_KEY)
  const times = [loginAt, ctx.session.get(PASSWORD_CONFIRMED_AT_KEY)]
    .map(Number)
    .filter((value) => Number.isFinite(value) && value > 0)
  if (times.length === 0) return false
  return now - Math.max(...times) <= STEP_WINDOWS.recentPasswordMinutes * 60 * 1000
}

export type CurrentPasswordCheck =
  | { ok: true }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: DateTime }
  | Throttled

/** Checks the logged-in member's password, counted like a log-in attempt. */
export async function verifyCurrentPassword(
  account: MemberAccount,
  typed: string,
  origin: RequestOrigin,
  action: AuditAction = 'member.password_confirm'
): Promise<CurrentPasswordCheck> {
  const now = DateTime.utc()
  const result = await throttledLogin<CurrentPasswordCheck>(
    {
      area: 'member',
      ip: origin.ip ?? 'unknown',
      loginId: account.email ?? `account:${account.id}`,
    },
    async () => {
      if (account.lockedUntil && account.lockedUntil > now) {
        return { ok: false, reason: 'locked', lockedUntil: account.lockedUntil }
      }
      if (!(await verifyPassword(account.password, typed))) {
        const failure = await registerFailure(account, now)
        return failure.lockedUntil
          ? { ok: false, reason: 'locked', lockedUntil: failure.lockedUntil }
          : { ok: false, reason: 'invalid' }
      }
      if (!(await registerSuccess(account, now))) {
        return { ok: false, reason: 'locked', lockedUntil: account.lockedUntil! }
      }
      return { ok: true }
    }
  )
  await recordAudit({
    action,
    outcome: result.ok ? 'success' : 'failure',
    actorType: 'member',
    memberAccountId: account.id,
    memberId: account.memberId,
    origin,
    details: result.ok ? undefined : { reason: result.reason },
  })
  return result
}

/**
 * The re-entry page: the right password opens sensitive changes in this session for
 * STEP_WINDOWS.recentPasswordMinutes (see recent_password_middleware).
 */
export async function reenterPassword(input: {
  session: Pick<Session, 'put'>
  account: MemberAccount
  password: string
  origin: RequestOrigin
}): Promise<CurrentPasswordCheck> {
  const result = await verifyCurrentPassword(input.account, input.password, input.origin)
  if (result.ok) input.session.put(PASSWORD_CONFIRMED_AT_KEY, Date.now())
  return result
}
