import type { DateTime } from 'luxon'
import { comparableName, digitsOnly, foldWidth } from '#domain/common/japanese_text'
import { parseFlexibleDate } from '#domain/common/japanese_dates'

/**
 * Identity check at the phone desk (電話対応の本人確認). The operator types what the caller
 * states; each item is compared with the record after normalisation (width, hiragana/katakana,
 * hyphens, spaces). The answer says which items matched, never what the record holds.
 *
 * Enough to unlock the actions: (member number or name) + birth date + at least one more item.
 */
export const IDENTITY_ITEMS = [
  'memberNumber',
  'name',
  'birthDate',
  'phone',
  'postalCode',
  'affiliation',
] as const
export type IdentityItem = (typeof IDENTITY_ITEMS)[number]
export type ItemResult = 'matched' | 'unmatched' | 'not_given'

export const IDENTITY_ITEM_LABELS: Record<IdentityItem, string> = {
  memberNumber: '組合員番号',
  name: '氏名（フリガナ）',
  birthDate: '生年月日',
  phone: '電話番号',
  postalCode: '郵便番号',
  affiliation: '所属',
}

export type StatedIdentity = Partial<Record<IdentityItem, string | null | undefined>>

export interface IdentityRecord {
  memberNumber: string
  name: string
  nameKana: string
  birthDate: DateTime
  phone: string | null
  postalCode: string | null
  affiliationCode: string | null
  affiliationName: string | null
}

export interface IdentityCheck {
  verified: boolean
  items: Record<IdentityItem, ItemResult>
  matched: IdentityItem[]
}

function sameText(stated: string, ...candidates: (string | null)[]): boolean {
  const typed = comparableName(stated)
    .replace(/[・･.,、。]/g, '')
    .toUpperCase()
  if (!typed) return false
  return candidates.some(
    (candidate) =>
      candidate !== null &&
      comparableName(candidate)
        .replace(/[・･.,、。]/g, '')
        .toUpperCase() === typed
  )
}

function sameDigits(stated: string, stored: string | null): boolean {
  const typed = digitsOnly(stated)
  return typed.length > 0 && stored !== null && typed === digitsOnly(stored)
}

function compare(item: IdentityItem, stated: string, record: IdentityRecord): boolean {
  switch (item) {
    case 'memberNumber':
      return sameDigits(stated, record.memberNumber)
    case 'name':
      return sameText(stated, record.name, record.nameKana)
    case 'birthDate': {
      const date = parseFlexibleDate(stated)
      return date !== null && date.toISODate() === record.birthDate.toISODate()
    }
    case 'phone':
      return sameDigits(stated, record.phone)
    case 'postalCode':
      return sameDigits(stated, record.postalCode)
    case 'affiliation':
      return (
        sameText(stated, record.affiliationName) ||
        (record.affiliationCode !== null &&
          foldWidth(stated).replace(/\s+/g, '').toUpperCase() ===
            record.affiliationCode.toUpperCase())
      )
  }
}

/** The unlock rule on its own, for the page and the tests. */
export function isEnoughToUnlock(matched: readonly IdentityItem[]): boolean {
  const has = (item: IdentityItem) => matched.includes(item)
  return (has('memberNumber') || has('name')) && has('birthDate') && matched.length >= 3
}

export function matchIdentity(stated: StatedIdentity, record: IdentityRecord): IdentityCheck {
  const items = {} as Record<IdentityItem, ItemResult>
  const matched: IdentityItem[] = []
  for (const item of IDENTITY_ITEMS) {
    const value = stated[item]?.trim()
    if (!value) {
      items[item] = 'not_given'
    } else if (compare(item, value, record)) {
      items[item] = 'matched'
      matched.push(item)
    } else {
      items[item] = 'unmatched'
    }
  }
  return { verified: isEnoughToUnlock(matched), items, matched }
}
