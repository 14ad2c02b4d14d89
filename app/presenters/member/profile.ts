import type Member from '#models/member'
import type MemberAccount from '#models/member_account'
import type ProfileChange from '#models/profile_change'
import { formatJapaneseDate, formatJapaneseDateTime } from '#domain/common/formatting'
import { formatPhone, formatPostalCode } from '#domain/common/japanese_text'
import { profileFieldLabel } from '#domain/members/profile_changes'
import { PREFECTURES } from '#domain/common/postal_codes'
import { splitAddress, type AddressParts } from '#domain/members/profile_address'
import type { AddressLookupOutcome } from '#domain/members/address_from_postal_code'
import { presentAddressLookup, type AddressLookupView } from '#presenters/member/address_lookup'

export interface MemberProfileProps {
  memberNumber: string
  name: string
  nameKana: string
  birthDate: string
  postalCode: string
  /** What the form shows for editing: 910-0001 */
  postalCodeInput: string
  address: string
  /** The registered address split for the form (都道府県 / 市区町村・番地 / 建物名・部屋番号). */
  addressParts: AddressParts
  prefectures: readonly string[]
  /** After 「住所を検索」 without JavaScript: the message and the choices, else null. */
  addressLookup: AddressLookupView | null
  phone: string
  email: string | null
  affiliationName: string | null
  recentChanges: { id: number; field: string; oldValue: string; newValue: string; at: string }[]
}

function displayValue(field: string, value: string | null) {
  if (!value) return '（なし）'
  if (field === 'postal_code') return formatPostalCode(value)
  if (field === 'phone') return formatPhone(value)
  return value
}

/**
 * 個人情報変更: the registered details (`account.member` with its affiliation, as the member
 * area loads them) and the latest changes (recentProfileChanges).
 */
export function presentMemberProfile(
  account: Pick<MemberAccount, 'email'> & {
    member: Pick<
      Member,
      | 'memberNumber'
      | 'name'
      | 'nameKana'
      | 'birthDate'
      | 'postalCode'
      | 'address'
      | 'phone'
      | 'affiliation'
    >
  },
  changes: Pick<ProfileChange, 'id' | 'field' | 'oldValue' | 'newValue' | 'createdAt'>[],
  lookup: AddressLookupOutcome | null = null
): MemberProfileProps {
  const member = account.member
  return {
    memberNumber: member.memberNumber,
    name: member.name,
    nameKana: member.nameKana,
    birthDate: formatJapaneseDate(member.birthDate),
    postalCode: formatPostalCode(member.postalCode),
    postalCodeInput: formatPostalCode(member.postalCode).replace('〒', ''),
    address: member.address ?? '',
    addressParts: splitAddress(member.address),
    prefectures: PREFECTURES,
    addressLookup: lookup ? presentAddressLookup(lookup) : null,
    phone: formatPhone(member.phone),
    email: account.email,
    affiliationName: member.affiliation?.name ?? null,
    recentChanges: changes.map((change) => ({
      id: change.id,
      field: profileFieldLabel(change.field),
      oldValue: displayValue(change.field, change.oldValue),
      newValue: displayValue(change.field, change.newValue),
      at: formatJapaneseDateTime(change.createdAt),
    })),
  }
}
