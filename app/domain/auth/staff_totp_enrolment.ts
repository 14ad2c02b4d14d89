import type { Session } from '@adonisjs/session'
import type StaffUser from '#models/staff_user'
import {
  checkStaffCode,
  confirmTotpEnrolment,
  enrolmentOf,
  hasTotp,
  newTotpSecret,
  removeTotp,
  twoStepRequired,
} from '#domain/auth/staff_totp'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * Linking and removing a staff member's authenticator app (2段階認証). The secret offered for
 * linking stays in the session until the app's first code confirms it, so reloading the page
 * shows the same QR code. Removing one's own app needs a current code (under the same
 * wrong-code limit as the log-in) and is refused when the environment requires two-step;
 * an admin can remove another staff member's app (a lost phone).
 */
const ENROLMENT_KEY = 'staff_totp_enrolment'

type EnrolmentSession = Pick<Session, 'get' | 'put' | 'forget'>

export type TwoStepSettings =
  { enabled: true } | { enabled: false; enrolment: Awaited<ReturnType<typeof enrolmentOf>> }

/** What the security page shows: linked, or the QR code of the secret on offer. */
export async function twoStepSettings(input: {
  session: EnrolmentSession
  staff: StaffUser
}): Promise<TwoStepSettings> {
  if (hasTotp(input.staff)) {
    input.session.forget(ENROLMENT_KEY)
    return { enabled: true }
  }
  let secret = input.session.get(ENROLMENT_KEY) as string | undefined
  if (!secret) {
    secret = newTotpSecret()
    input.session.put(ENROLMENT_KEY, secret)
  }
  return { enabled: false, enrolment: await enrolmentOf(input.staff, secret) }
}

export type TwoStepEnrolmentOutcome = { status: 'enrolled' | 'wrong' | 'nothing_offered' }
export type TwoStepRemovalOutcome = { status: 'removed' | 'required' | 'throttled' | 'wrong' }

/** The app's first code links the secret on offer. */
export async function enrolTwoStep(input: {
  session: EnrolmentSession
  staff: StaffUser
  code: string
  origin: RequestOrigin
}): Promise<TwoStepEnrolmentOutcome> {
  const secret = input.session.get(ENROLMENT_KEY) as string | undefined
  if (hasTotp(input.staff) || !secret) return { status: 'nothing_offered' }
  if (!(await confirmTotpEnrolment(input.staff, secret, input.code))) return { status: 'wrong' }
  input.session.forget(ENROLMENT_KEY)
  await recordAudit({
    action: 'staff.two_step.enabled',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.staff.id,
    origin: input.origin,
  })
  return { status: 'enrolled' }
}

/** A staff member removes their own app, proving it with a current code. */
export async function removeOwnTwoStep(input: {
  staff: StaffUser
  code: string
  origin: RequestOrigin
}): Promise<TwoStepRemovalOutcome> {
  if (twoStepRequired()) return { status: 'required' }
  const check = await checkStaffCode(input.staff, input.code)
  if (check.ok === false && check.reason === 'throttled') return { status: 'throttled' }
  if (check.ok) await removeTotp(input.staff)
  await recordAudit({
    action: 'staff.two_step.disabled',
    outcome: check.ok ? 'success' : 'failure',
    actorType: 'staff',
    staffUserId: input.staff.id,
    origin: input.origin,
  })
  return { status: check.ok ? 'removed' : 'wrong' }
}

/** An admin removes another staff member's app (they link a new one at their next log-in). */
export async function resetStaffTwoStep(input: {
  actor: StaffUser
  target: StaffUser
  origin: RequestOrigin
}): Promise<{ status: 'reset' | 'not_enrolled' }> {
  if (!hasTotp(input.target)) return { status: 'not_enrolled' }
  await removeTotp(input.target)
  await recordAudit({
    action: 'staff.accounts.reset_two_step',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.actor.id,
    origin: input.origin,
    details: { target: input.target.loginId },
  })
  return { status: 'reset' }
}
