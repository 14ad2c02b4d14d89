import { DateTime } from 'luxon'
import type Member from '#models/member'
import { asJapanDate, todayInJapan } from '#domain/common/clock'
import { refundDateFor, withdrawalState } from '#domain/members/withdrawal'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import { formatJapaneseDate } from '#domain/common/formatting'

/**
 * Staff record that a withdrawal notice (脱退届) was accepted; the refund date follows from
 * #domain/withdrawal and the member's access ends on it. A withdrawal can be cancelled until
 * the refund date; after that the member has left and nothing is changed.
 */
export type WithdrawalRefusal = 'already_recorded' | 'future_date' | 'not_recorded' | 'refunded'

export const WITHDRAWAL_REFUSALS: Record<WithdrawalRefusal, string> = {
  already_recorded:
    'すでに脱退届の受理が登録されています。変更する場合は、先に取り消してください。',
  future_date: '脱退届の受理日に未来の日付は指定できません。受理した日を入力してください。',
  not_recorded: '脱退届の受理は登録されていません。',
  refunded: '出資金の返還日を過ぎているため、取り消せません。',
}

export async function recordWithdrawal(
  member: Member,
  acceptedOnIso: string,
  today: DateTime = todayInJapan()
): Promise<{ ok: true; refundOn: DateTime } | { ok: false; reason: WithdrawalRefusal }> {
  if (member.withdrawalAcceptedOn || member.refundOn)
    return { ok: false, reason: 'already_recorded' }
  const acceptedOn = asJapanDate(DateTime.fromISO(acceptedOnIso))
  if (acceptedOn > today) return { ok: false, reason: 'future_date' }
  const refundOn = refundDateFor(acceptedOn)
  member.withdrawalAcceptedOn = acceptedOn
  member.refundOn = refundOn
  await member.save()
  return { ok: true, refundOn }
}

export async function cancelWithdrawal(
  member: Member,
  today: DateTime = todayInJapan()
): Promise<{ ok: true } | { ok: false; reason: WithdrawalRefusal }> {
  const state = withdrawalState(member, today)
  if (state.kind === 'none') return { ok: false, reason: 'not_recorded' }
  if (state.kind === 'withdrawn') return { ok: false, reason: 'refunded' }
  member.withdrawalAcceptedOn = null
  member.refundOn = null
  await member.save()
  return { ok: true }
}

/** What staff are told once the notice is recorded: the refund date and what it ends. */
export function withdrawalRecordedMessage(refundOn: DateTime): string {
  return `脱退届の受理を登録しました。出資金返還日は${formatJapaneseDate(refundOn)}です（この日からマイページは利用できなくなります）。`
}

/** Staff record an accepted notice (recordWithdrawal) and, when it is recorded, the audit entry. */
export async function recordWithdrawalNotice(input: {
  member: Member
  acceptedOn: string
  staffUserId: number
  origin: RequestOrigin
}): Promise<
  { status: 'recorded'; refundOn: DateTime } | { status: 'refused'; reason: WithdrawalRefusal }
> {
  const { member, acceptedOn } = input
  const result = await recordWithdrawal(member, acceptedOn)
  if (!result.ok) return { status: 'refused', reason: result.reason }
  await recordAudit({
    action: 'staff.member.withdrawal_recorded',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.staffUserId,
    memberId: member.id,
    origin: input.origin,
    details: { acceptedOn, refundOn: result.refundOn.toISODate() },
  })
  return { status: 'recorded', refundOn: result.refundOn }
}

/** Staff cancel a recorded notice (cancelWithdrawal) and, when it is cancelled, the audit entry. */
export async function cancelWithdrawalNotice(input: {
  member: Member
  staffUserId: number
  origin: RequestOrigin
}): Promise<{ status: 'cancelled' } | { status: 'refused'; reason: WithdrawalRefusal }> {
  const { member } = input
  const previous = member.withdrawalAcceptedOn?.toISODate() ?? null
  const result = await cancelWithdrawal(member)
  if (!result.ok) return { status: 'refused', reason: result.reason }
  await recordAudit({
    action: 'staff.member.withdrawal_cancelled',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.staffUserId,
    memberId: member.id,
    origin: input.origin,
    details: { acceptedOn: previous },
  })
  return { status: 'cancelled' }
}
