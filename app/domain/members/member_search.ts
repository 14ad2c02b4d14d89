import Member from '#models/member'
import { boundedPage } from '#domain/common/bounded_pages'
import type { RegistrationState } from '#models/member_account'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import { comparableName, digitsOnly, foldWidth, searchableName } from '#domain/common/japanese_text'
import { parseFlexibleDate } from '#domain/common/japanese_dates'
import { dbTimestamp } from '#domain/common/db_time'

/**
 * Staff member search (組合員検索). One box takes a member number, a name or kana (width,
 * hiragana/katakana and kanji-variant insensitive — 高橋 finds 髙橋 — through the stored
 * members.search_name, so nothing is folded per row at query time), a phone number or a birth date;
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

/**
 * Member numbers and phone numbers are stored as digits only: "starts with" is an index range
 * (from the digits to the digits followed by nines), not a LIKE, which neither SQLite (its LIKE
 * ignores case) nor PostgreSQL (outside the C collation) can answer from an index. A phone
 * number matched anywhere in it ('%…%') read all 50,000 members on every desk search.
 */
function startsWithDigits(
  query: { where(column: string, operator: string, value: string): unknown },
  column: 'member_number' | 'phone',
  digits: string
) {
  query.where(column, '>=', digits)
  query.where(column, '<=', digits + '9'.repeat(20))
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
        sub.orWhere((number) => startsWithDigits(number, 'member_number', digits))
        if (digits.length >= 4) sub.orWhere((phone) => startsWithDigits(phone, 'phone', digits))
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

/**
 * One page of matching members. A common name matches thousands of the 50,000: the count
 * stops at LIST_COUNT_CAP (「10,000件以上」) instead of counting every match on each page.
 */
export function searchMembers(filters: MemberSearchFilters, page = 1, perPage = MEMBERS_PER_PAGE) {
  return boundedPage(
    memberSearchQuery(filters)
      .preload('account')
      .preload('affiliation')
      .orderBy('member_number', 'asc'),
    page,
    perPage
  )
}

/**
 * Recomputes members.search_name for every member whose stored value differs from what the
 * current folding rules give (a migration runs it when the rules change). Walks the table by
 * id in chunks, so 50,000 members never sit in memory at once; returns how many rows changed.
 */
export async function refreshSearchNames(
  client: QueryClientContract = db.connection(),
  chunk = 1000
): Promise<number> {
  let lastId = 0
  let changed = 0
  for (;;) {
    const rows: { id: number; name: string; name_kana: string; search_name: string }[] =
      await client
        .from('members')
        .select('id', 'name', 'name_kana', 'search_name')
        .where('id', '>', lastId)
        .orderBy('id', 'asc')
        .limit(chunk)
    if (rows.length === 0) return changed
    lastId = rows[rows.length - 1].id
    const stale = rows
      .map((row) => ({
        id: row.id,
        before: row.search_name,
        after: searchableName(row.name, row.name_kana),
      }))
      .filter((row) => row.before !== row.after)
    if (stale.length > 0) {
      // One UPDATE per chunk (CASE by id), the same on SQLite and PostgreSQL; row-by-row
      // updates took 9 s for 20,000 rows on PostgreSQL. Inside a migration the client is its
      // transaction: every query goes through it (on SQLite's single connection, a query
      // outside it would wait for ever).
      const cases = stale.map(() => 'when ? then ?').join(' ')
      const ids = stale.map(() => '?').join(', ')
      await client.rawQuery(
        `update members set search_name = case id ${cases} end where id in (${ids})`,
        [...stale.flatMap((row) => [row.id, row.after]), ...stale.map((row) => row.id)]
      )
      changed += stale.length
    }
  }
}
