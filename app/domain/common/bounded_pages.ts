import db from '@adonisjs/lucid/services/db'
import type { ModelQueryBuilderContract, LucidModel } from '@adonisjs/lucid/types/model'

/**
 * Lists over tables that grow without end (the audit log gains a row per log-in attempt)
 * count at most this many matching rows: an exact total of a million rows is a full scan on
 * every view, and nobody pages through 200 pages. Above it the page says 「10,000件以上」.
 */
export const LIST_COUNT_CAP = 10_000

export interface BoundedPage<Row> {
  rows: Row[]
  /** The exact total, or LIST_COUNT_CAP when there are more. */
  total: number
  totalIsAtLeast: boolean
  currentPage: number
  lastPage: number
  perPage: number
}

/**
 * One page of `query` (already ordered) and a count that stops at `cap`: the count reads at
 * most cap + 1 index entries, whatever the table's size. Pages past the counted ones are empty.
 */
export async function boundedPage<Model extends LucidModel>(
  query: ModelQueryBuilderContract<Model>,
  page: number,
  perPage: number,
  cap = LIST_COUNT_CAP
): Promise<BoundedPage<InstanceType<Model>>> {
  const lastCounted = Math.ceil(cap / perPage)
  const currentPage = Math.min(Math.max(1, page), lastCounted)
  const [matched, rows] = await Promise.all([
    countUpTo(query, cap + 1),
    query
      .clone()
      .offset((currentPage - 1) * perPage)
      .limit(perPage),
  ])
  const total = Math.min(matched, cap)
  return {
    rows: rows as InstanceType<Model>[],
    total,
    totalIsAtLeast: matched > cap,
    currentPage,
    lastPage: Math.max(1, Math.ceil(total / perPage)),
    perPage,
  }
}

/** How many rows `query` matches, counting no further than `limit` (reads at most that many). */
export async function countUpTo<Model extends LucidModel>(
  query: ModelQueryBuilderContract<Model>,
  limit: number
): Promise<number> {
  const matching = query
    .clone()
    .clearOrder()
    .clearSelect()
    .select(db.raw('1 as matched'))
    .limit(limit)
  const counted = await query.client.from(matching.as('matching')).count('* as total').first()
  return Number(counted?.total ?? 0)
}
