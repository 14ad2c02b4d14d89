import type MemberAccount from '#models/member_account'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import { changeProfile, type ProfileValues } from '#domain/members/profile_changes'

/**
 * 個人情報変更 by the member: the change is applied and written to the change history at once
 * (profile_changes.ts), and a real change is also audited with the fields it touched (never
 * their values). Submitting the registered values again changes nothing and audits nothing.
 */
export interface OwnProfileChange {
  account: Pick<MemberAccount, 'id' | 'memberId'>
  /** Normalised by the validator: only the fields of the submitted form. */
  values: Partial<ProfileValues>
  origin: RequestOrigin
}

export type OwnProfileChangeOutcome =
  { status: 'unchanged' } | { status: 'changed'; fields: string[] }

export async function changeOwnProfile({
  account,
  values,
  origin,
}: OwnProfileChange): Promise<OwnProfileChangeOutcome> {
  const changes = await changeProfile(account.memberId, values, { type: 'member' })
  if (changes.length === 0) return { status: 'unchanged' }
  const fields = changes.map((change) => change.field)
  await recordAudit({
    action: 'member.profile.change',
    outcome: 'success',
    actorType: 'member',
    memberAccountId: account.id,
    memberId: account.memberId,
    origin,
    details: { fields },
  })
  return { status: 'changed', fields }
}
