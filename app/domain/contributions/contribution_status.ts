import ContributionBalance from '#models/contribution_balance'
import ContributionEvent from '#models/contribution_event'
import type ContributionReport from '#models/contribution_report'
import {
  visibleContributionReports,
  type ReportReader,
} from '#domain/contributions/contribution_report_publication'

/**
 * 出資状況: what the member's contributions page reads — the current balance (none before the
 * first import), every change newest first, and the annual reports published to them.
 */
export interface ContributionStatus {
  balance: ContributionBalance | null
  events: ContributionEvent[]
  reports: ContributionReport[]
}

export async function loadContributionStatus(reader: ReportReader): Promise<ContributionStatus> {
  const balance = await ContributionBalance.findBy('member_id', reader.memberId)
  const events = await ContributionEvent.query()
    .where('member_id', reader.memberId)
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
  const reports = await visibleContributionReports(reader)
  return { balance, events, reports }
}
