import { Exception } from '@adonisjs/core/exceptions'
import db from '@adonisjs/lucid/services/db'
import type MemberAccount from '#models/member_account'
import type Statement from '#models/statement'
import { visibleStatementsQuery } from '#domain/statements/statement_visibility'
import {
  monthlySeries,
  parseBillingMonth,
  taxRateLabel,
  taxSubtotals,
} from '#domain/statements/statement_summary'
import { formatBillingMonth, formatJapaneseDate, formatYen } from '#domain/common/formatting'
import { COOP } from '#domain/common/coop'
import { routeUrl } from '#services/named_routes'

/** What the 請求明細 pages, CSV and PDF receive. `account.member` must be loaded. */

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
  csvHref: string
  csvSjisHref: string
  pdfHref: string
  coopName: string
}

function monthHref(billingMonth: string) {
  return routeUrl('member.statements.show', { month: billingMonth })
}

export async function presentStatementList(account: MemberAccount): Promise<StatementListProps> {
  const statements = await visibleStatementsQuery(account.member.id, account.registeredAt)
    .orderBy('statements.billing_month', 'desc')
    .select('statements.billing_month', 'statements.total_amount', 'statements.line_count')

  const totals = new Map(statements.map((s) => [s.billingMonth, s.totalAmount]))
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
    months: statements.map((s) => ({
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

/**
 * The member's own statement for a month they may see, with its lines.
 * A malformed month, a month before registration, another member's or an
 * unpublished one all answer 404 alike.
 */
export async function findVisibleStatement(
  account: MemberAccount,
  month: unknown
): Promise<Statement> {
  const billingMonth = parseBillingMonth(month)
  if (!billingMonth) throw new Exception('Statement not found', { status: 404 })
  return visibleStatementsQuery(account.member.id, account.registeredAt)
    .where('statements.billing_month', billingMonth)
    .preload('lines', (lines) => lines.orderBy('line_number', 'asc'))
    .firstOrFail()
}

export function presentStatementDetail(
  account: MemberAccount,
  statement: Statement
): StatementDetailProps {
  const month = { month: statement.billingMonth }
  return {
    billingMonth: statement.billingMonth,
    label: formatBillingMonth(statement.billingMonth),
    memberName: account.member.name,
    memberNumber: account.member.memberNumber,
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

export function statementCsvRows(statement: Statement) {
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

/** The visible months just before and after this one, for the month page's navigation. */
export async function statementNeighbours(
  account: MemberAccount,
  billingMonth: string
): Promise<StatementNeighbours> {
  // One query for both sides: a member's visible months are a few dozen rows at most.
  const [row] = await visibleStatementsQuery(account.member.id, account.registeredAt)
    .select(
      db.raw(
        'MIN(CASE WHEN statements.billing_month > ? THEN statements.billing_month END) AS newer',
        [billingMonth]
      ),
      db.raw(
        'MAX(CASE WHEN statements.billing_month < ? THEN statements.billing_month END) AS older',
        [billingMonth]
      )
    )
    .pojo<{ newer: string | null; older: string | null }>()
  const link = (month: string | null | undefined) =>
    month ? { label: formatBillingMonth(month), href: monthHref(month) } : null
  return { newer: link(row?.newer), older: link(row?.older) }
}
