import { DateTime } from 'luxon'
import InitialPassword from '#models/initial_password'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { decryptInitialPassword } from '#domain/auth/initial_passwords'
import type { GuideLetter } from '#documents/guide_letters'

/**
 * Which members get a log-in guide letter in a batch: those whose current initial password
 * was issued in the date range (Japan dates) and who have not registered yet (after
 * registration the initial password no longer works). Reading them decrypts the passwords,
 * so the controller audits every batch (count and range, never a password).
 */
export const MAX_LETTERS_PER_BATCH = 5000

function rangeQuery(fromIso: string, toIso: string) {
  const from = DateTime.fromISO(fromIso, { zone: BUSINESS_ZONE }).startOf('day')
  const to = DateTime.fromISO(toIso, { zone: BUSINESS_ZONE }).plus({ days: 1 }).startOf('day')
  return InitialPassword.query()
    .whereNull('initial_passwords.invalidated_at')
    .where('initial_passwords.issued_at', '>=', dbTimestamp(from))
    .where('initial_passwords.issued_at', '<', dbTimestamp(to))
    .whereNotExists((sub) =>
      sub
        .from('member_accounts')
        .whereColumn('member_accounts.member_id', 'initial_passwords.member_id')
        .where('member_accounts.registration_state', 'registered')
    )
}

export async function countLettersIssuedBetween(fromIso: string, toIso: string): Promise<number> {
  const result = await rangeQuery(fromIso, toIso).count('* as total').first()
  return Number(result?.$extras.total ?? 0)
}

export async function lettersIssuedBetween(fromIso: string, toIso: string): Promise<GuideLetter[]> {
  const records = await rangeQuery(fromIso, toIso)
    .preload('member', (member) => member.preload('affiliation'))
    .join('members', 'members.id', 'initial_passwords.member_id')
    .select('initial_passwords.*')
    .orderBy('members.member_number', 'asc')
    .limit(MAX_LETTERS_PER_BATCH)
  return records.flatMap((record) => {
    const value = decryptInitialPassword(record)
    if (!value) return []
    return [
      {
        memberNumber: record.member.memberNumber,
        memberName: record.member.name,
        affiliationName: record.member.affiliation?.name ?? null,
        initialPassword: value,
      },
    ]
  })
}

export function letterFor(
  member: { memberNumber: string; name: string; affiliation?: { name: string } | null },
  initialPassword: string
): GuideLetter {
  return {
    memberNumber: member.memberNumber,
    memberName: member.name,
    affiliationName: member.affiliation?.name ?? null,
    initialPassword,
  }
}
