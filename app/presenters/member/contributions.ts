import type Member from '#models/member'
import type ContributionReport from '#models/contribution_report'
import type ContributionBalance from '#models/contribution_balance'
import type ContributionEvent from '#models/contribution_event'
import type { ContributionEventKind } from '#models/contribution_event'
import { formatJapaneseDate, formatYen } from '#domain/common/formatting'
import { COOP } from '#domain/common/coop'
import { routeUrl } from '#services/named_routes'

/**
 * What the 出資状況・出資報告 pages and the report PDF receive, shaped from what
 * #domain/contributions loaded (no queries here).
 */

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

export function presentContributions(status: {
  balance: Pick<ContributionBalance, 'units' | 'amount'> | null
  events: Pick<
    ContributionEvent,
    | 'id'
    | 'occurredOn'
    | 'kind'
    | 'note'
    | 'unitsDelta'
    | 'amountDelta'
    | 'unitsAfter'
    | 'amountAfter'
  >[]
  reports: Pick<ContributionReport, 'fiscalYear' | 'amountEnd'>[]
}): ContributionsProps {
  const { balance, events, reports } = status
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

export function presentContributionReport(
  member: Pick<Member, 'name' | 'memberNumber'>,
  report: Pick<
    ContributionReport,
    | 'fiscalYear'
    | 'unitsStart'
    | 'amountStart'
    | 'unitsIncrease'
    | 'amountIncrease'
    | 'unitsDecrease'
    | 'amountDecrease'
    | 'unitsEnd'
    | 'amountEnd'
    | 'dividend'
  >
): ContributionReportProps {
  return {
    fiscalYear: report.fiscalYear,
    label: `${fiscalYearLabel(report.fiscalYear)} 出資報告`,
    period: fiscalYearPeriod(report.fiscalYear),
    memberName: member.name,
    memberNumber: member.memberNumber,
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
