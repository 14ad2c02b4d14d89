import type Member from '#models/member'
import type { UsageBasis, UsageYears, YearlyUsage } from '#domain/statements/yearly_usage'
import { formatBillingMonth, formatYen } from '#domain/common/formatting'
import { COOP } from '#domain/common/coop'
import { routeUrl } from '#services/named_routes'

/**
 * What the 年間ご利用明細 page, its PDF and its CSV receive, from what
 * #domain/statements/yearly_usage added up (no queries here).
 */

export interface UsageYearLink {
  label: string
  href: string
  current: boolean
}

export interface YearlyUsageView {
  basis: UsageBasis
  year: number
  /** 2026年 / 2026年度 */
  title: string
  /** 2026年1月分〜2026年12月分 */
  range: string
  months: {
    billingMonth: string
    label: string
    total: string
    lineCount: number
    hasStatement: boolean
    href: string | null
  }[]
  categories: { category: string; amount: string; lineCount: number }[]
  total: string
  lineCount: number
  pdfHref: string
  csvHref: string
  csvSjisHref: string
}

export interface YearlyUsageProps {
  memberName: string
  memberNumber: string
  coopName: string
  calendarYears: UsageYearLink[]
  fiscalYears: UsageYearLink[]
  /** null when the member has no visible statement yet (no year to show). */
  usage: YearlyUsageView | null
}

export function usageTitle(basis: UsageBasis, year: number): string {
  return basis === 'fiscal' ? `${year}年度` : `${year}年`
}

function showHref(basis: UsageBasis, year: number) {
  return routeUrl('member.yearly_usage.show', { basis, year: String(year) })
}

function yearLinks(basis: UsageBasis, years: number[], current: YearlyUsage | null) {
  return years.map((year) => ({
    label: basis === 'fiscal' ? `${year}年度（${year}年4月〜${year + 1}年3月）` : `${year}年`,
    href: showHref(basis, year),
    current: current?.period.basis === basis && current.period.year === year,
  }))
}

export function presentYearlyUsage(
  member: Pick<Member, 'name' | 'memberNumber'>,
  years: UsageYears,
  usage: YearlyUsage | null
): YearlyUsageProps {
  return {
    memberName: member.name,
    memberNumber: member.memberNumber,
    coopName: COOP.name,
    calendarYears: yearLinks('calendar', years.calendar, usage),
    fiscalYears: yearLinks('fiscal', years.fiscal, usage),
    usage: usage ? presentUsage(usage) : null,
  }
}

function presentUsage(usage: YearlyUsage): YearlyUsageView {
  const { basis, year, months } = usage.period
  const params = { basis, year: String(year) }
  return {
    basis,
    year,
    title: usageTitle(basis, year),
    range: `${formatBillingMonth(months[0])}〜${formatBillingMonth(months[11])}`,
    months: usage.months.map((month) => ({
      billingMonth: month.billingMonth,
      label: formatBillingMonth(month.billingMonth),
      total: month.total === null ? '明細なし' : formatYen(month.total),
      lineCount: month.lineCount,
      hasStatement: month.total !== null,
      href:
        month.total === null
          ? null
          : routeUrl('member.statements.show', { month: month.billingMonth }),
    })),
    categories: usage.categories.map((c) => ({
      category: c.category,
      amount: formatYen(c.amount),
      lineCount: c.lineCount,
    })),
    total: formatYen(usage.total),
    lineCount: usage.lineCount,
    pdfHref: routeUrl('member.yearly_usage.pdf', params),
    csvHref: routeUrl('member.yearly_usage.csv', params),
    csvSjisHref: routeUrl('member.yearly_usage.csv', params, { encoding: 'sjis' }),
  }
}

/**
 * The CSV (Excel-friendly, like the month's CSV): one row per month, one column per category,
 * then the month's total; a month without a statement has empty cells; the last row is the
 * year's total per category. Amounts are plain numbers (tax included).
 */
export function yearlyUsageCsv(usage: YearlyUsage): {
  header: string[]
  rows: (string | number | null)[][]
} {
  const categories = usage.categories.map((c) => c.category)
  return {
    header: ['請求月', ...categories, '合計（税込）'],
    rows: [
      ...usage.months.map((month) => [
        month.billingMonth,
        ...categories.map((category) =>
          month.total === null ? null : (usage.cells[month.billingMonth]?.[category] ?? 0)
        ),
        month.total,
      ]),
      ['合計', ...usage.categories.map((c) => c.amount), usage.total],
    ],
  }
}
