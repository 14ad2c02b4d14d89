import type { Session } from '@adonisjs/session'
import StaffUser from '#models/staff_user'
import { checkStaffCode, hasTotp } from '#domain/auth/staff_totp'
import { STEP_WINDOWS } from '#domain/auth/rate_limits'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * The staff log-in's second step: after the right password a staff member with an
 * authenticator app linked has STEP_WINDOWS.staffTwoStepMinutes to give its code, in the same
 * browser session. Wrong codes are limited per staff member (checkStaffCode).
 */
const PENDING_KEY = 'staff_totp_pending'

type PendingSession = Pick<Session, 'get' | 'put' | 'forget'>

interface StoredPending {
  staffUserId: number
  at: number
}

/** After the right password: does the log-in need the app's code before it is finished? */
export function awaitTwoStepCode(
  session: PendingSession,
  staff: StaffUser
): { status: 'code_required' } | { status: 'no_app' } {
  if (!hasTotp(staff)) return { status: 'no_app' }
  session.put(PENDING_KEY, { staffUserId: staff.id, at: Date.now() } satisfies StoredPending)
  return { status: 'code_required' }
}

/** Whose code this browser is waiting for; a missing, timed-out or void wait is dropped (null). */
export async function pendingTwoStepStaff(session: PendingSession): Promise<StaffUser | null> {
  const pending = session.get(PENDING_KEY) as StoredPending | undefined
  const open = pending && Date.now() - pending.at <= STEP_WINDOWS.staffTwoStepMinutes * 60 * 1000
  const staff = open ? await StaffUser.find(pending.staffUserId) : null
  if (!staff || !staff.isActive || !hasTotp(staff)) {
    session.forget(PENDING_KEY)
    return null
  }
  return staff
}

export type TwoStepLoginOutcome = { status: 'verified' | 'wrong' | 'throttled' }

/** The code of the pending log-in; the right one ends the wait (the caller logs them in). */
export async function verifyTwoStepLogin(input: {
  session: PendingSession
  staff: StaffUser
  code: string
  origin: RequestOrigin
}): Promise<TwoStepLoginOutcome> {
  const check = await checkStaffCode(input.staff, input.code)
  if (check.ok === false && check.reason === 'throttled') return { status: 'throttled' }
  await recordAudit({
    action: 'staff.login_code',
    outcome: check.ok ? 'success' : 'failure',
    actorType: 'staff',
    staffUserId: input.staff.id,
    origin: input.origin,
  })
  if (!check.ok) return { status: 'wrong' }
  input.session.forget(PENDING_KEY)
  return { status: 'verified' }
}
