import type { ImportKind, ImportStatus } from '#models/import_batch'
import type { DashboardFigures } from '#domain/workflows/dashboard_figures'
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

/** The figures as labels (no queries: app/domain/workflows/dashboard_figures.ts counts them). */
export function presentStaffDashboard(figures: DashboardFigures): StaffDashboardProps {
  const { total, withAccess, registered } = figures.members
  return {
    members: {
      total,
      withAccess,
      registered,
      registrationRate:
        withAccess === 0 ? '0.0%' : `${((registered / withAccess) * 100).toFixed(1)}%`,
    },
    pendingAffiliationRequests: figures.pendingAffiliationRequests,
    openInquiries: figures.openInquiries,
    lockedAccounts: figures.lockedAccounts,
    pendingWithdrawals: figures.pendingWithdrawals,
    recentImports: figures.recentImports.map((batch) => ({
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
