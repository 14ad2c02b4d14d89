import db from '@adonisjs/lucid/services/db'
import ImportBatch, { type ImportKind, type ImportStatus } from '#models/import_batch'
import { todayInJapan } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { formatBillingMonth, formatJapaneseDateTime } from '#domain/common/formatting'
import type { FailedMailsProps } from '#presenters/staff/mail_history'
import type { StaffDashboardLinks } from '#presenters/staff/dashboard_links'

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

  // The member figures in one pass over members and their accounts (50,000 rows at the
  // co-op's size): five separate COUNTs scanned the same tables five times on every view.
  const hasAccess = '(m.refund_on IS NULL OR m.refund_on > ?)'
  const [memberFigures, pendingRequests, openInquiries] = await Promise.all([
    db
      .from('members as m')
      .leftJoin('member_accounts as a', 'a.member_id', 'm.id')
      .select(
        db.raw('COUNT(*) AS total'),
        db.raw(`SUM(CASE WHEN ${hasAccess} THEN 1 ELSE 0 END) AS with_access`, [today]),
        db.raw(
          `SUM(CASE WHEN a.registration_state = 'registered' AND ${hasAccess} THEN 1 ELSE 0 END) AS registered`,
          [today]
        ),
        db.raw('SUM(CASE WHEN a.locked_until > ? THEN 1 ELSE 0 END) AS locked', [now]),
        db.raw('SUM(CASE WHEN m.refund_on > ? THEN 1 ELSE 0 END) AS pending_withdrawals', [today])
      )
      .first(),
    db.from('affiliation_change_requests').where('status', 'pending').count('* as total').first(),
    db.from('inquiries').whereNot('status', 'closed').count('* as total').first(),
  ])
  const figure = (name: string) => Number(memberFigures?.[name] ?? 0)

  const recent = await ImportBatch.query()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(5)
  const withAccessCount = figure('with_access')
  const registeredCount = figure('registered')

  return {
    members: {
      total: figure('total'),
      withAccess: withAccessCount,
      registered: registeredCount,
      registrationRate:
        withAccessCount === 0
          ? '0.0%'
          : `${((registeredCount / withAccessCount) * 100).toFixed(1)}%`,
    },
    pendingAffiliationRequests: count(pendingRequests),
    openInquiries: count(openInquiries),
    lockedAccounts: figure('locked'),
    pendingWithdrawals: figure('pending_withdrawals'),
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
