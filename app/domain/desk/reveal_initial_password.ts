import type { DateTime } from 'luxon'
import {
  currentInitialPassword,
  decryptInitialPassword,
  groupForReading,
} from '#domain/auth/initial_passwords'
import {
  auditDeskAction,
  countReveal,
  verifiedCaller,
  type DeskActionInput,
  type DeskGateRefusal,
} from '#domain/desk/phone_desk'

export type InitialPasswordRevealOutcome =
  | DeskGateRefusal
  | { status: 'registered' }
  | { status: 'no_initial_password' }
  | { status: 'revealed'; grouped: string; issuedAt: DateTime }

/**
 * The operator reads the initial password to a verified caller, grouped for reading aloud.
 * Only while the member has not registered: afterwards the initial password no longer logs in,
 * and the caller resets the password instead. Counts toward the hourly reveal limit; the
 * audit entry names the reason, never the value.
 */
export async function revealInitialPassword(
  input: DeskActionInput
): Promise<InitialPasswordRevealOutcome> {
  const verification = verifiedCaller(input)
  if (!verification) return { status: 'unverified' }
  if (input.member.account?.isRegistered) return { status: 'registered' }
  const limited = await countReveal(input, verification)
  if (limited) return limited
  const record = await currentInitialPassword(input.member.id)
  const value = record ? decryptInitialPassword(record) : null
  if (!record || !value) return { status: 'no_initial_password' }
  await auditDeskAction(input, verification, 'staff.phone_desk.reveal_initial_password')
  return { status: 'revealed', grouped: groupForReading(value), issuedAt: record.issuedAt }
}
