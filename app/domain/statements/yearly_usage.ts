import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import db from '@adonisjs/lucid/services/db'
import { fiscalYearOf } from '#domain/common/clock'
import {
  visibleStatementMonths,
  visibleStatementsQuery,
  type StatementReader,
  type VisibleStatementMonth,
} from '#domain/statements/statement_visibility'

/**
 * 年間ご利用明細: a member's totals for a calendar year (January–December) or a fiscal year
 * (April–March, SPEC "Contribution reports": fiscal year 2026 = 2026-04 … 2027-03), by month
 * and by category. Only what the member sees counts: published statements from the month
 * after registration (the visibility rule's own queries, statement_visibility.ts). A year is
 * offered when it holds at least one visible month; any other year answers 404.
 */
export const USAGE_BASES = ['calendar', 'fiscal'] as const
export type UsageBasis = (typeof USAGE_BASES)[number]

/** First month of a fiscal year (April). */
export const FISCAL_YEAR_FIRST_MONTH = 4

export interface UsagePeriod {
  basis: UsageBasis
  year: number
  /** The twelve billing months, oldest first ('yyyy-MM'). */
  months: string[]
}

export function usagePeriod(basis: UsageBasis, year: number): UsagePeriod {
  const first = DateTime.fromObject({
    year,
    month: basis === 'fiscal' ? FISCAL_YEAR_FIRST_MONTH : 1,
    day: 1,
  })
  return {
    basis,
    year,
    months: Array.from({ length: 12 }, (_, i) => first.plus({ months: i }).toFormat('yyyy-MM')),
  }
}

/** The period a URL names ('calendar' | 'fiscal', a four-digit year), or null. */
export function parseUsagePeriod(basis: unknown, year: unknown): UsagePeriod | null {
  if (basis !== 'calendar' && basis !== 'fiscal') return null
  if (typeof year !== 'string' || !/^2\d{3}$/.test(year)) return null
  return usagePeriod(basis, Number(year))
}

/** The year a billing month belongs to, on each basis ('2027-03' is fiscal year 2026). */
export function usageYearOf(billingMonth: string, basis: UsageBasis): number {
  const [year, month] = billingMonth.split('-').map(Number)
  return basis === 'calendar' ? year : fiscalYearOf(DateTime.fromObject({ year, month, day: 1 }))
}

/** The years the member can open, newest first: those with at least one visible month. */
export interface UsageYears {
  calendar: number[]
  fiscal: number[]
}

export function usageYearsOf(months: Pick<VisibleStatementMonth, 'billingMonth'>[]): UsageYears {
  const years = (basis: UsageBasis) =>
    [...new Set(months.map((m) => usageYearOf(m.billingMonth, basis)))].sort((a, b) => b - a)
  return { calendar: years('calendar'), fiscal: years('fiscal') }
}

/** One (month, category) total of a member's visible lines. */
export interface UsageCell {
  billingMonth: string
  category: string
  amount: number
  lineCount: number
}

export interface YearlyUsage {
  period: UsagePeriod
  /** Each of the twelve months; `total` null where the member has no visible statement. */
  months: { billingMonth: string; total: number | null; lineCount: number }[]
  /** Each category of the year, largest total first (then by name). */
  categories: { category: string; amount: number; lineCount: number }[]
  /** Amount per month and category ('yyyy-MM' -> category -> amount). */
  cells: Record<string, Record<string, number>>
  total: number
  lineCount: number
}

/**
 * Adds up the cells of a period. `visibleMonths` are the months the member has a visible
 * statement for (a month with a statement but no line still shows 0, not 明細なし); cells
 * and months outside the period are ignored.
 */
export function aggregateYearlyUsage(
  period: UsagePeriod,
  visibleMonths: Iterable<string>,
  cells: UsageCell[]
): YearlyUsage {
  const inPeriod = new Set(period.months)
  const hasStatement = new Set([...visibleMonths].filter((m) => inPeriod.has(m)))
  const byMonth = new Map<string, { total: number; lineCount: number }>()
  const byCategory = new Map<string, { amount: number; lineCount: number }>()
  const matrix: Record<string, Record<string, number>> = {}
  let total = 0
  let lineCount = 0
  for (const cell of cells) {
    if (!inPeriod.has(cell.billingMonth) || !hasStatement.has(cell.billingMonth)) continue
    const month = byMonth.get(cell.billingMonth) ?? { total: 0, lineCount: 0 }
    month.total += cell.amount
    month.lineCount += cell.lineCount
    byMonth.set(cell.billingMonth, month)
    const category = byCategory.get(cell.category) ?? { amount: 0, lineCount: 0 }
    category.amount += cell.amount
    category.lineCount += cell.lineCount
    byCategory.set(cell.category, category)
    matrix[cell.billingMonth] ??= {}
    matrix[cell.billingMonth][cell.category] =
      (matrix[cell.billingMonth][cell.category] ?? 0) + cell.amount
    total += cell.amount
    lineCount += cell.lineCount
  }
  return {
    period,
    months: period.months.map((billingMonth) => ({
      billingMonth,
      total: hasStatement.has(billingMonth) ? (byMonth.get(billingMonth)?.total ?? 0) : null,
      lineCount: byMonth.get(billingMonth)?.lineCount ?? 0,
    })),
    categories: [...byCategory]
      .map(([category, sums]) => ({ category, ...sums }))
      .sort((a, b) => b.amount - a.amount || a.category.localeCompare(b.category, 'ja')),
    cells: matrix,
    total,
    lineCount,
  }
}

/** The (month, category) totals of the member's visible lines in a period: one GROUP BY. */
async function visibleUsageCells(
  reader: StatementReader,
  period: UsagePeriod
): Promise<UsageCell[]> {
  const statements = visibleStatementsQuery(reader.memberId, reader.registeredAt)
    .whereBetween('statements.billing_month', [period.months[0], period.months[11]])
    .select('statements.id')
  const rows = await db
    .from('statement_lines')
    .join('statements', 'statements.id', 'statement_lines.statement_id')
    .whereIn('statement_lines.statement_id', statements)
    .groupBy('statements.billing_month', 'statement_lines.category')
    .select('statements.billing_month as billing_month', 'statement_lines.category as category')
    .sum('statement_lines.amount as amount')
    .count('* as line_count')
  return rows.map((row) => ({
    billingMonth: String(row.billing_month),
    category: String(row.category),
    amount: Number(row.amount ?? 0),
    lineCount: Number(row.line_count ?? 0),
  }))
}

/** The years the member can open (the statements list links them). */
export async function visibleUsageYears(reader: StatementReader): Promise<UsageYears> {
  return usageYearsOf(await visibleStatementMonths(reader))
}

/**
 * A period the member may open, added up, with the years offered. A malformed basis or year,
 * or a year without a visible month, answers 404 (as a month page does).
 */
export async function findYearlyUsage(
  reader: StatementReader,
  basis: unknown,
  year: unknown
): Promise<{ usage: YearlyUsage; years: UsageYears }> {
  const period = parseUsagePeriod(basis, year)
  if (!period) throw new Exception('Yearly usage not found', { status: 404 })
  const months = await visibleStatementMonths(reader)
  const years = usageYearsOf(months)
  if (!years[period.basis].includes(period.year)) {
    throw new Exception('Yearly usage not found', { status: 404 })
  }
  const cells = await visibleUsageCells(reader, period)
  return {
    usage: aggregateYearlyUsage(
      period,
      months.map((m) => m.billingMonth),
      cells
    ),
    years,
  }
}
