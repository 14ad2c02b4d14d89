import { DateTime } from 'luxon'
import { Exception } from '@adonisjs/core/exceptions'
import ContributionReport from '#models/contribution_report'
import type MemberAccount from '#models/member_account'
import { BUSINESS_ZONE, nowInJapan } from '#domain/common/clock'

/**
 * 出資報告 (SPEC.md lifecycle 4): the report for fiscal year N (April N – March N+1)
 * is published on July 1 of N+1 (Japan time) and shown only to members whose
 * log-in registration completed on or before June 30 of N+1. Only the batch
 * contribution_report_years points at is ever shown.
 */
export function reportPublishedAt(fiscalYear: number): DateTime {
  return DateTime.fromObject({ year: fiscalYear + 1, month: 7, day: 1 }, { zone: BUSINESS_ZONE })
}

/** The last day (Japan time) a registration may complete to see the fiscal year's report. */
export function reportRegistrationDeadline(fiscalYear: number): DateTime {
  return DateTime.fromObject({ year: fiscalYear + 1, month: 6, day: 30 }, { zone: BUSINESS_ZONE })
}

export function isReportPublished(fiscalYear: number, now: DateTime = nowInJapan()): boolean {
  return now >= reportPublishedAt(fiscalYear)
}

export function isReportVisibleTo(
  fiscalYear: number,
  registeredAt: DateTime | null,
  now: DateTime = nowInJapan()
): boolean {
  if (!registeredAt || !isReportPublished(fiscalYear, now)) return false
  return (
    registeredAt.setZone(BUSINESS_ZONE).startOf('day') <= reportRegistrationDeadline(fiscalYear)
  )
}

/** The fiscal years whose reports this member may see now: [first, last], or null. */
export function visibleReportYears(
  registeredAt: DateTime | null,
  now: DateTime = nowInJapan()
): { first: number; last: number } | null {
  if (!registeredAt) return null
  // Both ends come from the single-year rule above, so the dates live in one place: the newest
  // year published by now, and the oldest year whose registration deadline the member met.
  let last = now.setZone(BUSINESS_ZONE).year - 1
  if (!isReportPublished(last, now)) last -= 1
  const registeredOn = registeredAt.setZone(BUSINESS_ZONE).startOf('day')
  let first = registeredOn.year - 1
  if (registeredOn > reportRegistrationDeadline(first)) first += 1
  return first <= last ? { first, last } : null
}

/**
 * The member's committed reports: for each fiscal year, the batch contribution_report_years
 * points at, never a staged, failed or replaced one. Shared by the member's pages (through
 * visibleContributionReportsQuery) and the staff member page.
 */
export function committedContributionReportsQuery(memberId: number) {
  return ContributionReport.query()
    .where('contribution_reports.member_id', memberId)
    .whereIn('contribution_reports.import_batch_id', (sub) =>
      sub
        .from('contribution_report_years')
        .select('active_batch_id')
        .whereColumn('contribution_report_years.fiscal_year', 'contribution_reports.fiscal_year')
    )
}

/** What the member sees: committed reports of the years published to them (July 1, June 30). */
export function visibleContributionReportsQuery(
  memberId: number,
  registeredAt: DateTime | null,
  now: DateTime = nowInJapan()
) {
  const query = committedContributionReportsQuery(memberId)
  const years = visibleReportYears(registeredAt, now)
  if (!years) return query.whereRaw('1 = 0')
  return query
    .where('contribution_reports.fiscal_year', '>=', years.first)
    .where('contribution_reports.fiscal_year', '<=', years.last)
}

/** Whose reports a member page reads: the member and when their registration completed. */
export type ReportReader = Pick<MemberAccount, 'memberId' | 'registeredAt'>

/** The reports the member sees now, newest fiscal year first. */
export function visibleContributionReports(reader: ReportReader): Promise<ContributionReport[]> {
  return visibleContributionReportsQuery(reader.memberId, reader.registeredAt).orderBy(
    'contribution_reports.fiscal_year',
    'desc'
  )
}

/**
 * The member's published report for a fiscal year from a URL. A malformed year, a year not
 * published to them yet, another member's or an uncommitted one all answer 404 alike.
 */
export async function findVisibleReport(
  reader: ReportReader,
  fiscalYear: unknown
): Promise<ContributionReport> {
  if (typeof fiscalYear !== 'string' || !/^\d{4}$/.test(fiscalYear)) {
    throw new Exception('Report not found', { status: 404 })
  }
  return visibleContributionReportsQuery(reader.memberId, reader.registeredAt)
    .where('contribution_reports.fiscal_year', Number(fiscalYear))
    .firstOrFail()
}
