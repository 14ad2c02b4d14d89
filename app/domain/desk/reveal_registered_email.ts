import {
  auditDeskAction,
  countReveal,
  verifiedCaller,
  type DeskActionInput,
  type DeskGateRefusal,
} from '#domain/desk/phone_desk'

export type EmailRevealOutcome =
  DeskGateRefusal | { status: 'not_registered' } | { status: 'revealed'; email: string }

/**
 * The operator tells a verified caller the registered e-mail (their log-in id). A member who
 * has not registered has none yet. Counts toward the hourly reveal limit; audited without it.
 */
export async function revealRegisteredEmail(input: DeskActionInput): Promise<EmailRevealOutcome> {
  const verification = verifiedCaller(input)
  if (!verification) return { status: 'unverified' }
  const account = input.member.account
  const email = account?.isRegistered ? account.email : null
  if (!email) return { status: 'not_registered' }
  const limited = await countReveal(input, verification)
  if (limited) return limited
  await auditDeskAction(input, verification, 'staff.phone_desk.reveal_email')
  return { status: 'revealed', email }
}
