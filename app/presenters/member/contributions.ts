import { Exception } from '@adonisjs/core/exceptions'
import type MemberAccount from '#models/member_account'
import type ContributionReport from '#models/contribution_report'
import ContributionBalance from '#models/contribution_balance'
import ContributionEvent, { type ContributionEventKind } from '#models/contribution_event'
import { visibleContributionReportsQuery } from '#domain/contributions/contribution_report_publication'
import { formatJapaneseDate, formatYen } from '#domain/common/formatting'
import { COOP } from '#domain/common/coop'
import { routeUrl } from '#services/named_routes'

/** What the 出資状況・出資報告 pages and the report PDF receive. `account.member` must be loaded. */

const EVENT_LABELS: Record<ContributionEventKind, string> = {
  join: '加入',
  increase: '増口',
  decrease: '減口',
  refund: '返還',
}

function units(value: number) {
  return `${value.toLocaleString('ja-JP').replace('-', '\u2212')}口`
}

function signedUnits(value: number) {
  return value > 0 ? `+${units(value)}` : units(value)
}

function signedYen(value: number) {
  return value > 0 ? `+${formatYen(value)}` : formatYen(value)
}

export interface ContributionsProps {
  balance: { units: string; amount: string } | null
  history: {
    id: number
    date: string
    kind: string
    note: string | null
    unitsDelta: string
    amountDelta: string
    unitsAfter: string
    amountAfter: string
  }[]
  reports: { fiscalYear: number; label: string; period: string; amountEnd: string; href: string }[]
}

export interface ContributionReportProps {
  fiscalYear: number
  label: string
  period: string
  memberName: string
  memberNumber: string
  coopName: string
  rows: { label: string; units: string; amount: string }[]
  dividend: string
  pdfHref: string
}

export function fiscalYearLabel(fiscalYear: number) {
  return `${fiscalYear}年度`
}

export function fiscalYearPeriod(fiscalYear: number) {
  return `${fiscalYear}年4月1日〜${fiscalYear + 1}年3月31日`
}

export async function presentContributions(account: MemberAccount): Promise<ContributionsProps> {
  const memberId = account.member.id
  const balance = await ContributionBalance.findBy('member_id', memberId)
  const events = await ContributionEvent.query()
    .where('member_id', memberId)
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
  const reports = await visibleContributionReportsQuery(memberId, account.registeredAt).orderBy(
    'contribution_reports.fiscal_year',
    'desc'
  )
  return {
    balance: balance ? { units: units(balance.units), amount: formatYen(balance.amount) } : null,
    history: events.map((event) => ({
      id: event.id,
      date: formatJapaneseDate(event.occurredOn),
      kind: EVENT_LABELS[event.kind] ?? event.kind,
      note: event.note,
      unitsDelta: signedUnits(event.unitsDelta),
      amountDelta: signedYen(event.amountDelta),
      unitsAfter: units(event.unitsAfter),
      amountAfter: formatYen(event.amountAfter),
    })),
    reports: reports.map((report) => ({
      fiscalYear: report.fiscalYear,
      label: `${fiscalYearLabel(report.fiscalYear)} 出資報告`,
      period: fiscalYearPeriod(report.fiscalYear),
      amountEnd: formatYen(report.amountEnd),
      href: routeUrl('member.contributions.report', { fiscalYear: report.fiscalYear }),
    })),
  }
}

/** The member's published report for a fiscal year; anything else is a 404. */
export async function findVisibleReport(
  account: MemberAccount,
  fiscalYear: unknown
): Promise<ContributionReport> {
  if (typeof fiscalYear !== 'string' || !/^\d{4}$/.test(fiscalYear)) {
    throw new Exception('Report not found', { status: 404 })
  }
  return visibleContributionReportsQuery(account.member.id, account.registeredAt)
    .where('contribution_reports.fiscal_year', Number(fiscalYear))
    .firstOrFail()
}

export function presentContributionReport(
  account: MemberAccount,
  report: ContributionReport
): ContributionReportProps {
  return {
    fiscalYear: report.fiscalYear,
    label: `${fiscalYearLabel(report.fiscalYear)} 出資報告`,
    period: fiscalYearPeriod(report.fiscalYear),
    memberName: account.member.name,
    memberNumber: account.member.memberNumber,
    coopName: COOP.name,
    rows: [
      {
        label: '期首出資金',
        units: units(report.unitsStart),
        amount: formatYen(report.amountStart),
      },
      {
        label: '増資（増口）',
        units: units(report.unitsIncrease),
        amount: formatYen(report.amountIncrease),
      },
      {
        label: '減資（減口・返還）',
        units: units(report.unitsDecrease),
        amount: formatYen(report.amountDecrease),
      },
      { label: '期末出資金', units: units(report.unitsEnd), amount: formatYen(report.amountEnd) },
    ],
    dividend: formatYen(report.dividend),
    pdfHref: routeUrl('member.contributions.report_pdf', { fiscalYear: report.fiscalYear }),
  }
}
