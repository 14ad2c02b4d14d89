import { transaction } from '#services/transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Member from '#models/member'
import ProfileChange from '#models/profile_change'
import { digitsOnly, foldWidth, hiraganaToKatakana } from '#domain/common/japanese_text'

/**
 * 個人情報変更 (SPEC "Member portal"): a member's name (改姓) with kana, postal code and address,
 * and phone are changed at once, and every changed field is written to the change history
 * (old value, new value, when, by whom) in the same transaction as the update, so the history
 * staff export for the core system never misses or invents a change.
 */

/** Japanese labels of the change-history fields (the export and the staff screens use them). */
export const PROFILE_FIELD_LABELS: Record<string, string> = {
  name: '氏名',
  name_kana: 'フリガナ',
  postal_code: '郵便番号',
  address: '住所',
  phone: '電話番号',
  email: 'メールアドレス',
  affiliation: '所属',
  category: '組合員区分',
}

export function profileFieldLabel(field: string): string {
  return PROFILE_FIELD_LABELS[field] ?? field
}

export type ProfileActor = { type: 'member' } | { type: 'staff'; staffId: number }

/** The editable profile, as stored (normalised). */
export interface ProfileValues {
  name: string
  nameKana: string
  postalCode: string | null
  address: string | null
  phone: string | null
}

const COLUMN_OF: Record<keyof ProfileValues, string> = {
  name: 'name',
  nameKana: 'name_kana',
  postalCode: 'postal_code',
  address: 'address',
  phone: 'phone',
}

/* ---------- input normalisation (what the validators call) ---------- */

/** Width folded, spaces (full or half width) collapsed to one ASCII space, trimmed. */
export function normalizeName(value: string): string {
  return foldWidth(value).replace(/\s+/g, ' ').trim()
}

/** Kana in katakana: 'やまだ\u3000はなこ' and 'ﾔﾏﾀﾞ ﾊﾅｺ' both become 'ヤマダ ハナコ'. */
export function normalizeKana(value: string): string {
  return hiraganaToKatakana(normalizeName(value))
}

/** Katakana, the long-vowel mark, the middle dot and spaces only. */
export function isKatakana(value: string): boolean {
  return /^[\u30A1-\u30FA\u30FC\u30FB ]+$/.test(value)
}

/** Postal codes: '〒９１０－０００１' -> '9100001' (app/domain/common/postal_codes.ts). */
export { isPostalCode, normalizePostalCode } from '#domain/common/postal_codes'

/** Phone digits: '０７７６－２３－１８８９' -> '0776231889'. */
export function normalizePhone(value: string): string {
  return digitsOnly(value)
}

/** Japanese numbers: 10 digits (fixed line) or 11 (mobile, 050 and the like), starting with 0. */
export function isPhoneNumber(digits: string): boolean {
  return /^0\d{9,10}$/.test(digits)
}

export function normalizeAddress(value: string): string {
  return foldWidth(value).replace(/\s+/g, ' ').trim()
}

/* ---------- reading changes ---------- */

/** How many of the member's own changes the profile page lists. */
export const RECENT_PROFILE_CHANGES = 10

/** The member's latest changes, newest first (the 個人情報変更 page's history). */
export function recentProfileChanges(memberId: number): Promise<ProfileChange[]> {
  return ProfileChange.query()
    .where('member_id', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(RECENT_PROFILE_CHANGES)
}

/* ---------- recording changes ---------- */

export interface RecordedChange {
  field: string
  oldValue: string | null
  newValue: string | null
}

/** Writes change-history rows (inside the caller's transaction). */
export async function recordProfileChanges(
  memberId: number,
  changes: RecordedChange[],
  actor: ProfileActor,
  trx: TransactionClientContract
) {
  if (changes.length === 0) return
  await ProfileChange.createMany(
    changes.map((change) => ({
      memberId,
      field: change.field,
      oldValue: change.oldValue,
      newValue: change.newValue,
      changedByType: actor.type,
      changedByStaffId: actor.type === 'staff' ? actor.staffId : null,
    })),
    { client: trx }
  )
}

/**
 * Applies the given (already normalised) values to the member and records each field whose
 * value really changed. Returns the changed fields (empty when nothing changed: nothing is
 * written then). All or nothing: the update and its history are one transaction.
 */
export async function changeProfile(
  memberId: number,
  values: Partial<ProfileValues>,
  actor: ProfileActor
): Promise<RecordedChange[]> {
  return transaction(async (trx) => {
    const query = Member.query({ client: trx }).where('id', memberId)
    if (trx.dialect.name === 'postgres') query.forUpdate()
    const member = await query.firstOrFail()

    const changes: RecordedChange[] = []
    for (const key of Object.keys(values) as (keyof ProfileValues)[]) {
      const next = values[key]
      if (next === undefined) continue
      const previous = member[key] ?? null
      const normalisedNext = next === '' ? null : next
      if (previous === normalisedNext) continue
      if ((key === 'name' || key === 'nameKana') && normalisedNext === null) continue
      changes.push({ field: COLUMN_OF[key], oldValue: previous, newValue: normalisedNext })
      member.merge({ [key]: normalisedNext })
    }
    if (changes.length === 0) return changes

    await member.useTransaction(trx).save()
    await recordProfileChanges(member.id, changes, actor, trx)
    return changes
  })
}
