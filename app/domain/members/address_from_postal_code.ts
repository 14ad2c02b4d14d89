import {
  isPostalCode,
  normalizePostalCode,
  townsOfPostalCode,
  type PostalTown,
} from '#domain/common/postal_codes'

/**
 * 住所を検索 (issue 12 item 3): the towns Japan Post lists for a typed 〒 (full or half width,
 * with or without the dash), and the one to fill in: the only town, or the one the member chose
 * among several (`townIndex`, 0-based, as the choice list numbers them). Reads the bundled
 * dataset only; nothing is saved (the member still presses 「住所を変更する」).
 */
export interface AddressLookup {
  postalCode: string
  townIndex?: number | null
}

export type AddressLookupOutcome =
  | { status: 'invalid' }
  | { status: 'not_found'; postalCode: string }
  | { status: 'found'; postalCode: string; towns: PostalTown[]; chosen: PostalTown | null }

export function addressFromPostalCode({
  postalCode,
  townIndex,
}: AddressLookup): AddressLookupOutcome {
  const digits = normalizePostalCode(postalCode)
  if (!isPostalCode(digits)) return { status: 'invalid' }
  const towns = townsOfPostalCode(digits)
  if (towns.length === 0) return { status: 'not_found', postalCode: digits }
  const chosen =
    towns.length === 1
      ? towns[0]
      : townIndex === null || townIndex === undefined
        ? null
        : (towns[townIndex] ?? null)
  return { status: 'found', postalCode: digits, towns, chosen }
}

/**
 * What 市区町村・番地 becomes once a town is known: the town's line (市区町村 + 町域, e.g.
 * 福井市大手), unless what is typed already starts with it (then the 番地 after it is kept).
 */
export function filledLine(currentLine: string, townLine: string): string {
  return currentLine.replace(/\s+/g, '').startsWith(townLine) ? currentLine : townLine
}
