import Member from '#models/member'
import type { RegistrationState } from '#models/member_account'
import { comparableName, digitsOnly, foldWidth } from '#domain/japanese_text'
import { parseFlexibleDate } from '#domain/japanese_dates'
import { dbTimestamp } from '#domain/db_time'

/**
 * Staff member search (組合員検索). One box takes a member number, a name or kana (width and
 * hiragana/katakana insensitive, through members.search_name), a phone number or a birth date;
 * filters narrow by registration state and locked accounts.
 */
export interface MemberSearchFilters {
  q?: string
  birthDate?: string
  state?: RegistrationState
  locked?: boolean
}

export const MEMBERS_PER_PAGE = 20

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

export function hasSearchCriteria(filters: MemberSearchFilters): boolean {
  return Boolean(filters.q?.trim() || filters.birthDate || filters.state || filters.locked)
}

export function memberSearchQuery(filters: MemberSearchFilters) {
  const query = Member.query()
  const text = filters.q?.trim() ?? ''

  if (text) {
    const compact = foldWidth(text).replace(/[\s\-‐−ー－]/g, '')
    const date = parseFlexibleDate(text)
    const digits = digitsOnly(text)
    const isNumeric = /^\d+$/.test(compact)
    query.where((sub) => {
      if (date) sub.orWhere('birth_date', date.toISODate()!)
      if (isNumeric) {
        sub.orWhere('member_number', 'like', `${escapeLike(digits)}%`)
        if (digits.length >= 4) sub.orWhere('phone', 'like', `%${escapeLike(digits)}%`)
      } else if (!date) {
        const name = comparableName(text)
        sub.orWhereRaw("search_name like ? escape '\\'", [`%${escapeLike(name)}%`])
      }
    })
  }

  if (filters.birthDate) query.where('birth_date', filters.birthDate)

  if (filters.state) {
    const state = filters.state
    query.whereHas('account', (account) => account.where('registration_state', state))
  }
  if (filters.locked) {
    query.whereHas('account', (account) => account.where('locked_until', '>', dbTimestamp()))
  }
  return query
}

export function searchMembers(filters: MemberSearchFilters, page = 1, perPage = MEMBERS_PER_PAGE) {
  return memberSearchQuery(filters)
    .preload('account')
    .preload('affiliation')
    .orderBy('member_number', 'asc')
    .paginate(page, perPage)
}
