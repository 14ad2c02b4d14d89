import type Member from '#models/member'
import type { RequestOrigin } from '#domain/audit/audit_trail'
import {
  readMailHistoryAtDesk,
  resendableMails,
  type DeliveryRecord,
  type ResendAction,
} from '#domain/mail/delivery_history'
import { verifiedCaller, type DeskVerification, type SessionLike } from '#domain/desk/phone_desk'

export type CallerMailHistory =
  | { status: 'unverified' }
  | {
      status: 'read'
      verification: DeskVerification
      records: DeliveryRecord[]
      resendable: Record<ResendAction, boolean>
    }

/**
 * The member's mail history at the desk (「メールが届きません」): shown, and audited as a staff
 * read of personal data, only once the caller is verified for this member.
 */
export async function readCallerMailHistory(input: {
  staffUserId: number
  member: Member
  session: SessionLike
  origin: RequestOrigin
}): Promise<CallerMailHistory> {
  const verification = verifiedCaller(input)
  if (!verification) return { status: 'unverified' }
  const records = await readMailHistoryAtDesk({
    member: input.member,
    staffUserId: input.staffUserId,
    matched: verification.matched,
    origin: input.origin,
  })
  return { status: 'read', verification, records, resendable: resendableMails(input.member) }
}
