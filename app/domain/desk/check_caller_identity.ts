import type { Infer } from '@vinejs/vine/types'
import type Member from '#models/member'
import {
  matchIdentity,
  type IdentityItem,
  type IdentityRecord,
  type ItemResult,
} from '#domain/desk/identity_matching'
import { forgetVerification, rememberVerification, type SessionLike } from '#domain/desk/phone_desk'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import { claimAttempt, settleAttempt, type CredentialLimit } from '#domain/auth/credential_throttle'
import { limitOn, RATE_LIMITS } from '#domain/auth/rate_limits'
import type { identityCheckValidator } from '#validators/staff/phone_desk'

/**
 * The phone desk's identity check (本人確認): what the caller states is compared with the
 * record (identity_matching.ts), the comparison is audited (which items matched, never a
 * value), and a verified caller unlocks the actions for this member (phone_desk.ts keeps it).
 *
 * Failed checks per operator and member: after FAILED_CHECKS_ALLOWED failures the desk refuses
 * further checks of that member for FAILED_CHECKS_BLOCK_MINUTES, so nobody can try birth dates
 * one by one.
 */
export const FAILED_CHECKS_ALLOWED = RATE_LIMITS.deskFailedChecksPerMember.requests
export const FAILED_CHECKS_BLOCK_MINUTES = RATE_LIMITS.deskFailedChecksPerMember.blockMinutes

function failedCheckLimits(staffUserId: number, memberId: number): CredentialLimit[] {
  return [
    limitOn(RATE_LIMITS.deskFailedChecksPerMember, `phone-desk-verify:${staffUserId}:${memberId}`, {
      clearsOnSuccess: true,
    }),
  ]
}

export type IdentityCheckOutcome =
  | { status: 'blocked' }
  | { status: 'verified'; items: Record<IdentityItem, ItemResult>; matched: IdentityItem[] }
  | { status: 'not_verified'; items: Record<IdentityItem, ItemResult> }

function identityRecordOf(member: Member): IdentityRecord {
  return {
    memberNumber: member.memberNumber,
    name: member.name,
    nameKana: member.nameKana,
    birthDate: member.birthDate,
    phone: member.phone,
    postalCode: member.postalCode,
    affiliationCode: member.affiliation?.code ?? null,
    affiliationName: member.affiliation?.name ?? null,
  }
}

export async function checkCallerIdentity(input: {
  staffUserId: number
  /** With its affiliation loaded (deskMemberById). */
  member: Member
  stated: Infer<typeof identityCheckValidator>
  session: SessionLike
  origin: RequestOrigin
}): Promise<IdentityCheckOutcome> {
  const { staffUserId, member, session } = input
  // Claimed before the comparison, so parallel submissions cannot all be compared against a
  // count read before any of them failed.
  const limits = failedCheckLimits(staffUserId, member.id)
  const claimed = await claimAttempt(limits)
  if (claimed.blocked) {
    forgetVerification(session)
    return { status: 'blocked' }
  }
  const check = matchIdentity(input.stated, identityRecordOf(member))
  const given = Object.entries(check.items)
    .filter(([, result]) => result !== 'not_given')
    .map(([item]) => item)
  await recordAudit({
    action: 'staff.phone_desk.verify',
    outcome: check.verified ? 'success' : 'failure',
    actorType: 'staff',
    staffUserId,
    memberId: member.id,
    origin: input.origin,
    details: {
      matched: check.matched,
      unmatched: given.filter((item) => !check.matched.includes(item as IdentityItem)),
    },
  })
  // A failed check stays counted; a verified caller ends the run of failures.
  await settleAttempt(limits, check.verified ? 'succeeded' : 'counted')
  if (!check.verified) {
    forgetVerification(session)
    return { status: 'not_verified', items: check.items }
  }
  rememberVerification(session, member.id, check.matched)
  return { status: 'verified', items: check.items, matched: check.matched }
}
