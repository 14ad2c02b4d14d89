import type { AddressLookupOutcome } from '#domain/members/address_from_postal_code'
import { filledLine } from '#domain/members/address_from_postal_code'
import type { PostalTown } from '#domain/common/postal_codes'
import { formatPostalCode } from '#domain/common/japanese_text'
import { POSTAL_CODE_MESSAGE } from '#validators/japanese_rules'

/**
 * 住所を検索: what the page shows for a lookup, with JavaScript (the JSON of
 * `member.address_lookup`) and without (the profile page after 「住所を検索」): a message, the
 * choices when the code has several towns, and what to fill in (`fill`: the only or chosen
 * town, or the prefecture and city all the choices share).
 */
export interface AddressLookupTown {
  /** 福井県福井市大手 */
  label: string
  prefecture: string
  /** What 市区町村・番地 starts with: 福井市大手 */
  line: string
}

export interface AddressLookupView {
  status: 'found' | 'not_found' | 'invalid'
  /** 910-0005 (as the form shows it), or '' for an invalid code */
  postalCode: string
  message: string
  /** For the script's lookup as the 〒 is typed, when the member had typed 市区町村・番地 already
   * and the script leaves it as it is (only 都道府県 is filled). */
  keptLineMessage: string | null
  towns: AddressLookupTown[]
  /** The index of the chosen town in `towns`, when there is one. */
  chosen: number | null
  fill: { prefecture: string; line: string } | null
}

function townView(town: PostalTown): AddressLookupTown {
  const line = `${town.city}${town.town}`
  return { label: `${town.prefecture}${line}`, prefecture: town.prefecture, line }
}

/** The prefecture and city that every town shares (one code over several 町域 of one city). */
function sharedCity(towns: PostalTown[]): PostalTown | null {
  const [first] = towns
  const same = towns.every((t) => t.prefecture === first.prefecture && t.city === first.city)
  return same ? { prefecture: first.prefecture, city: first.city, town: '' } : null
}

export function presentAddressLookup(outcome: AddressLookupOutcome): AddressLookupView {
  if (outcome.status === 'invalid') {
    return {
      status: 'invalid',
      postalCode: '',
      message: POSTAL_CODE_MESSAGE,
      keptLineMessage: null,
      towns: [],
      chosen: null,
      fill: null,
    }
  }
  const postalCode = formatPostalCode(outcome.postalCode).replace('〒', '')
  if (outcome.status === 'not_found') {
    return {
      status: 'not_found',
      postalCode,
      message: `〒${postalCode}の住所は見つかりませんでした。郵便番号をお確かめください。正しい場合は、住所をそのまま入力してください。`,
      keptLineMessage: null,
      towns: [],
      chosen: null,
      fill: null,
    }
  }
  const towns = outcome.towns.map(townView)
  const pick = outcome.chosen ?? sharedCity(outcome.towns)
  const chosen = outcome.chosen ? outcome.towns.indexOf(outcome.chosen) : null
  const message = outcome.chosen
    ? `〒${postalCode}の住所「${townView(outcome.chosen).label}」を入れました。続けて番地と建物名・部屋番号を入力し、「住所を変更する」を押してください（まだ変更されていません）。`
    : `〒${postalCode}には${towns.length}件の町域があります。当てはまる町域を選んでください。`
  const label = pick ? `${pick.prefecture}${pick.city}${pick.town}` : ''
  return {
    status: 'found',
    postalCode,
    message,
    keptLineMessage: pick
      ? `〒${postalCode}は「${label}」です。入力済みの市区町村・番地はそのままにしました（入れ直すには「住所を検索」を押してください）。`
      : null,
    towns,
    chosen,
    fill: pick ? { prefecture: pick.prefecture, line: `${pick.city}${pick.town}` } : null,
  }
}

/**
 * The address form after 「住所を検索」 without JavaScript: what the member had typed, with the
 * 〒 formatted and the prefecture and line filled from the lookup (a line that already starts
 * with the town keeps its 番地). Nothing else changes.
 */
export function filledAddressForm(
  typed: Record<string, string>,
  view: AddressLookupView
): Record<string, string> {
  const form = { ...typed }
  delete form.town
  if (view.status !== 'found') return form
  const filled: Record<string, string> = { ...form, postalCode: view.postalCode }
  if (!view.fill) return filled
  filled.prefecture = view.fill.prefecture
  filled.addressLine = filledLine(form.addressLine ?? '', view.fill.line)
  return filled
}
