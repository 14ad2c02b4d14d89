import db from '@adonisjs/lucid/services/db'
import ImportBatch, { type ImportKind, type ImportStatus } from '#models/import_batch'
import { todayInJapan } from '#domain/clock'
import { dbTimestamp } from '#domain/db_time'
import { formatBillingMonth, formatJapaneseDateTime } from '#domain/formatting'
import type { FailedMailsProps } from '#presenters/mail_history'
import type { StaffDashboardLinks } from '#presenters/staff_dashboard_links'

export interface StaffDashboardProps {
  members: { total: number; withAccess: number; registered: number; registrationRate: string }
  pendingAffiliationRequests: number
  openInquiries: number
  lockedAccounts: number
  pendingWithdrawals: number
  recentImports: {
    id: number
    kindLabel: string
    periodLabel: string
    statusLabel: string
    rowCount: number
    createdAt: string
  }[]
}

/** The dashboard page (staff/dashboard): the figures, the failed mails and where each leads. */
export type StaffDashboardPageProps = StaffDashboardProps & {
  failedMails: FailedMailsProps
  links: StaffDashboardLinks
}

const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  statements: '請求明細',
  contribution_reports: '出資報告',
  members: '組合員マスタ',
}

const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  uploaded: 'アップロード済み',
  validating: '検証中',
  invalid: 'エラーあり',
  validated: '検証済み',
  committing: '反映中',
  committed: '反映済み',
  failed: '失敗',
  rolled_back: '取り消し済み',
}

function count(result: { total: number | string | bigint } | undefined | null) {
  return Number(result?.total ?? 0)
}

export async function presentStaffDashboard(): Promise<StaffDashboardProps> {
  const today = todayInJapan().toISODate()!
  const now = dbTimestamp()

  const [
    total,
    withAccess,
    registered,
    pendingRequests,
    openInquiries,
    locked,
    pendingWithdrawals,
  ] = await Promise.all([
    db.from('members').count('* as total').first(),
    db
      .from('members')
      .where((q) => q.whereNull('refund_on').orWhere('refund_on', '>', today))
      .count('* as total')
      .first(),
    db
      .from('member_accounts')
      .join('members', 'members.id', 'member_accounts.member_id')
      .where('member_accounts.registration_state', 'registered')
      .where((q) => q.whereNull('members.refund_on').orWhere('members.refund_on', '>', today))
      .count('* as total')
      .first(),
    db.from('affiliation_change_requests').where('status', 'pending').count('* as total').first(),
    db.from('inquiries').whereNot('status', 'closed').count('* as total').first(),
    db.from('member_accounts').where('locked_until', '>', now).count('* as total').first(),
    db.from('members').where('refund_on', '>', today).count('* as total').first(),
  ])

  const recent = await ImportBatch.query()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(5)
  const withAccessCount = count(withAccess)
  const registeredCount = count(registered)

  return {
    members: {
      total: count(total),
      withAccess: withAccessCount,
      registered: registeredCount,
      registrationRate:
        withAccessCount === 0
          ? '0.0%'
          : `${((registeredCount / withAccessCount) * 100).toFixed(1)}%`,
    },
    pendingAffiliationRequests: count(pendingRequests),
    openInquiries: count(openInquiries),
    lockedAccounts: count(locked),
    pendingWithdrawals: count(pendingWithdrawals),
    recentImports: recent.map((batch) => ({
      id: batch.id,
      kindLabel: IMPORT_KIND_LABELS[batch.kind],
      periodLabel: !batch.period
        ? '—'
        : batch.kind === 'statements'
          ? formatBillingMonth(batch.period)
          : `${batch.period}年度`,
      statusLabel: IMPORT_STATUS_LABELS[batch.status],
      rowCount: batch.rowCount,
      createdAt: formatJapaneseDateTime(batch.createdAt),
    })),
  }
}
