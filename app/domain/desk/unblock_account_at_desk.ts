import { transaction } from '#services/transaction'
import {
  auditDeskAction,
  unblockAccount,
  verifiedCaller,
  type DeskActionInput,
} from '#domain/desk/phone_desk'

export type DeskUnblockOutcome =
  { status: 'unverified' } | { status: 'not_locked' } | { status: 'unblocked' }

/** A verified caller whose account is locked can log in again at once; unlocked and audited together. */
export async function unblockAccountAtDesk(input: DeskActionInput): Promise<DeskUnblockOutcome> {
  const verification = verifiedCaller(input)
  if (!verification) return { status: 'unverified' }
  return transaction(async (trx) => {
    if (!(await unblockAccount(input.member.account ?? null, undefined, trx))) {
      return { status: 'not_locked' as const }
    }
    await auditDeskAction(input, verification, 'staff.phone_desk.unblock', 'success', trx)
    return { status: 'unblocked' as const }
  })
}
