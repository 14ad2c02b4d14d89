import { PREFECTURES } from '#domain/common/postal_codes'
import { normalizeAddress } from '#domain/members/profile_changes'

/**
 * The address on 個人情報変更 is typed in three parts (都道府県 / 市区町村・番地 / 建物名・部屋番号)
 * and stored as one `members.address`, as the member master import and the change history carry
 * it (README "Address from the postal code": why one column). Composed: the prefecture, the
 * line without spaces, then one space and the building when there is one:
 * 「福井県福井市大手3-1-1 サンハイツ大手101」. Split back for the form: the prefecture it starts
 * with, then everything up to the first space, then the rest; so an address the form composed
 * comes back exactly as typed, and an imported one without a prefecture keeps all in the line.
 */
export interface AddressParts {
  prefecture: string
  line: string
  building: string
}

export function composeAddress(parts: AddressParts): string {
  const line = normalizeAddress(parts.line).replace(/ /g, '')
  const building = normalizeAddress(parts.building)
  return building ? `${parts.prefecture}${line} ${building}` : `${parts.prefecture}${line}`
}

export function splitAddress(address: string | null): AddressParts {
  const value = normalizeAddress(address ?? '')
  const prefecture = PREFECTURES.find((name) => value.startsWith(name)) ?? ''
  const rest = value.slice(prefecture.length).trim()
  const space = rest.indexOf(' ')
  if (space === -1) return { prefecture, line: rest, building: '' }
  return { prefecture, line: rest.slice(0, space), building: rest.slice(space + 1) }
}
