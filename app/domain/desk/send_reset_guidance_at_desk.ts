import { sendResetGuidance } from '#domain/auth/password_reset'
import {
  auditDeskAction,
  countReveal,
  verifiedCaller,
  type DeskActionInput,
  type DeskGateRefusal,
} from '#domain/desk/phone_desk'

export type DeskResetGuidanceOutcome =
  | DeskGateRefusal
  | { status: 'not_registered' }
  | { status: 'withdrawn' }
  /** The public reset's limit per address (RATE_LIMITS.passwordResetPerEmail), shared with the form. */
  | { status: 'address_limit'; retryAfterSeconds: number }
  | { status: 'sent' }

/**
 * A registered caller whose reset mail never came (or who cannot log in): a fresh reset URL
 * goes to the registered address, under the public reset's rules (sendResetGuidance) and the
 * desk's hourly limit. Sent and refused-at-the-address-limit are both audited.
 */
export async function sendResetGuidanceAtDesk(
  input: DeskActionInput
): Promise<DeskResetGuidanceOutcome> {
  const verification = verifiedCaller(input)
  if (!verification) return { status: 'unverified' }
  if (!input.member.account?.isRegistered) return { status: 'not_registered' }
  const limited = await countReveal(input, verification)
  if (limited) return limited
  const result = await sendResetGuidance(input.member.id)
  if (result.ok) {
    await auditDeskAction(input, verification, 'staff.phone_desk.send_reset_mail')
    return { status: 'sent' }
  }
  if (result.reason !== 'throttled') return { status: result.reason }
  await auditDeskAction(input, verification, 'staff.phone_desk.send_reset_mail', 'failure')
  return { status: 'address_limit', retryAfterSeconds: result.retryAfterSeconds }
}
