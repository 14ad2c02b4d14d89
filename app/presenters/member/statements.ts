import type Member from '#models/member'
import type Statement from '#models/statement'
import type StatementLine from '#models/statement_line'
import type {
  NeighbourMonths,
  VisibleStatementMonth,
} from '#domain/statements/statement_visibility'
import { monthlySeries, taxRateLabel, taxSubtotals } from '#domain/statements/statement_summary'
import { formatBillingMonth, formatJapaneseDate, formatYen } from '#domain/common/formatting'
import { COOP } from '#domain/common/coop'
import { routeUrl } from '#services/named_routes'
import { debitNotice, type StatementDebit } from '#domain/statements/debit_details'

/**
 * What the 請求明細 pages, CSV and PDF receive, shaped from what
 * #domain/statements/statement_visibility loaded (no queries here).
 */

export interface StatementMonthItem {
  billingMonth: string
  label: string
  total: string
  lineCount: number
  href: string
}

export interface ChartMonth {
  billingMonth: string
  /** 1月 … 12月; January also carries its year (2026年1月). */
  shortLabel: string
  label: string
  total: number | null
  totalLabel: string
}

export interface StatementListProps {
  months: StatementMonthItem[]
  chart: ChartMonth[]
  chartRange: string
}

export interface StatementLineItem {
  lineNumber: number
  date: string
  category: string
  itemName: string
  quantity: string
  unitPrice: string
  amount: string
  taxRate: string
  isNegative: boolean
}

export interface StatementDetailProps {
  billingMonth: string
  label: string
  memberName: string
  memberNumber: string
  lines: StatementLineItem[]
  subtotals: { label: string; amount: string; lineCount: number }[]
  total: string
  lineCount: number
  /** 「2026年11月27日に ○○銀行 ○○支店 普通 ****1234 から引き落とします」, or null. */
  debitNotice: string | null
  csvHref: string
  csvSjisHref: string
  pdfHref: string
  coopName: string
}

function monthHref(billingMonth: string) {
  return routeUrl('member.statements.show', { month: billingMonth })
}

export function presentStatementList(months: VisibleStatementMonth[]): StatementListProps {
  const totals = new Map(months.map((s) => [s.billingMonth, s.totalAmount]))
  const chart = monthlySeries(totals).map(({ billingMonth, total }) => {
    const [year, month] = billingMonth.split('-').map(Number)
    return {
      billingMonth,
      shortLabel: month === 1 ? `${year}年1月` : `${month}月`,
      label: formatBillingMonth(billingMonth),
      total,
      totalLabel: total === null ? '明細なし' : formatYen(total),
    }
  })

  return {
    months: months.map((s) => ({
      billingMonth: s.billingMonth,
      label: formatBillingMonth(s.billingMonth),
      total: formatYen(s.totalAmount),
      lineCount: s.lineCount,
      href: monthHref(s.billingMonth),
    })),
    chart,
    chartRange: `${chart[0].label}〜${chart[chart.length - 1].label}`,
  }
}

/** One month with its lines, as findVisibleStatement loads it. */
export type StatementWithLines = Pick<Statement, 'billingMonth' | 'totalAmount'> &
  StatementDebit & {
    lines: Pick<
      StatementLine,
      | 'lineNumber'
      | 'lineDate'
      | 'category'
      | 'itemName'
      | 'quantity'
      | 'unitPrice'
      | 'amount'
      | 'taxRate'
    >[]
  }

export function presentStatementDetail(
  member: Pick<Member, 'name' | 'memberNumber'>,
  statement: StatementWithLines
): StatementDetailProps {
  const month = { month: statement.billingMonth }
  return {
    billingMonth: statement.billingMonth,
    label: formatBillingMonth(statement.billingMonth),
    memberName: member.name,
    memberNumber: member.memberNumber,
    lines: statement.lines.map((line) => ({
      lineNumber: line.lineNumber,
      date: formatJapaneseDate(line.lineDate),
      category: line.category,
      itemName: line.itemName,
      quantity: line.quantity.toLocaleString('ja-JP').replace('-', '\u2212'),
      unitPrice: formatYen(line.unitPrice),
      amount: formatYen(line.amount),
      taxRate: taxRateLabel(line.taxRate),
      isNegative: line.amount < 0,
    })),
    subtotals: taxSubtotals(statement.lines).map((s) => ({
      label: s.taxRate === 0 ? taxRateLabel(0) : `${taxRateLabel(s.taxRate)}対象`,
      amount: formatYen(s.amount),
      lineCount: s.lineCount,
    })),
    total: formatYen(statement.totalAmount),
    lineCount: statement.lines.length,
    debitNotice: debitNotice(statement),
    csvHref: routeUrl('member.statements.csv', month),
    csvSjisHref: routeUrl('member.statements.csv', month, { encoding: 'sjis' }),
    pdfHref: routeUrl('member.statements.pdf', month),
    coopName: COOP.name,
  }
}

export const STATEMENT_CSV_HEADER = [
  '請求月',
  '利用日',
  '区分',
  '品名',
  '数量',
  '単価',
  '金額（税込）',
  '税率（%）',
]

export function statementCsvRows(statement: StatementWithLines) {
  return statement.lines.map((line) => [
    statement.billingMonth,
    line.lineDate.toFormat('yyyy/MM/dd'),
    line.category,
    line.itemName,
    line.quantity,
    line.unitPrice,
    line.amount,
    line.taxRate,
  ])
}

export interface StatementNeighbours {
  newer: { label: string; href: string } | null
  older: { label: string; href: string } | null
}

/** A month's page (member/statements/show): the statement and its neighbouring months. */
export type StatementPageProps = StatementDetailProps & StatementNeighbours

/** The month page's links to the visible months just before and after it. */
export function presentStatementNeighbours(months: NeighbourMonths): StatementNeighbours {
  const link = (month: string | null) =>
    month ? { label: formatBillingMonth(month), href: monthHref(month) } : null
  return { newer: link(months.newer), older: link(months.older) }
}
