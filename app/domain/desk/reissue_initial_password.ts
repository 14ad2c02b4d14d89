import { transaction } from '#services/transaction'
import { issueInitialPassword } from '#domain/auth/initial_passwords'
import { letterFor } from '#domain/desk/guide_letters'
import {
  auditDeskAction,
  countReveal,
  verifiedCaller,
  type DeskActionInput,
  type DeskGateRefusal,
} from '#domain/desk/phone_desk'
import type { GuideLetter } from '#documents/guide_letters'

export type InitialPasswordReissueOutcome =
  DeskGateRefusal | { status: 'registered' } | { status: 'reissued'; letter: GuideLetter }

/**
 * A verified caller who lost the guide letter gets a new initial password (the old one stops
 * working) on a new letter. Refused once registered (password reset instead). The new value is
 * shown, so it counts toward the hourly reveal limit; it is issued and audited together.
 */
export async function reissueInitialPassword(
  input: DeskActionInput
): Promise<InitialPasswordReissueOutcome> {
  const verification = verifiedCaller(input)
  if (!verification) return { status: 'unverified' }
  const limited = await countReveal(input, verification)
  if (limited) return limited
  const { member } = input
  if (member.account?.isRegistered) return { status: 'registered' }
  const value = await transaction(async (trx) => {
    const issued = await issueInitialPassword(member.id, {
      issuedByStaffId: input.staffUserId,
      trx,
    })
    await auditDeskAction(
      input,
      verification,
      'staff.phone_desk.reissue_initial_password',
      'success',
      trx
    )
    return issued
  })
  return { status: 'reissued', letter: letterFor(member, value) }
}
