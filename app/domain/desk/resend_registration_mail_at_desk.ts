import { resendRegistrationMail } from '#domain/members/registration'
import { auditDeskAction, verifiedCaller, type DeskActionInput } from '#domain/desk/phone_desk'

export type DeskRegistrationMailOutcome =
  { status: 'unverified' } | { status: 'not_pending' } | { status: 'resent' }

/**
 * A verified caller who started log-in registration but never got (or lost) the confirmation
 * mail: a fresh link goes to the address they entered, and the old link stops working
 * (resendRegistrationMail). Audited without the link.
 */
export async function resendRegistrationMailAtDesk(
  input: DeskActionInput
): Promise<DeskRegistrationMailOutcome> {
  const verification = verifiedCaller(input)
  if (!verification) return { status: 'unverified' }
  const result = await resendRegistrationMail(input.member.id)
  if (!result.ok) return { status: 'not_pending' }
  await auditDeskAction(input, verification, 'staff.phone_desk.resend_registration_mail')
  return { status: 'resent' }
}
