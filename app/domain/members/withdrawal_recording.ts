import { DateTime } from 'luxon'
import type Member from '#models/member'
import { asJapanDate, todayInJapan } from '#domain/common/clock'
import { refundDateFor, withdrawalState } from '#domain/members/withdrawal'

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
