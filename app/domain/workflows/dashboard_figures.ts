import db from '@adonisjs/lucid/services/db'
import ImportBatch from '#models/import_batch'
import { todayInJapan } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'

/** The staff dashboard's figures as counted, before any labels. */
export interface DashboardFigures {
  members: { total: number; withAccess: number; registered: number }
  pendingAffiliationRequests: number
  openInquiries: number
  lockedAccounts: number
  pendingWithdrawals: number
  recentImports: ImportBatch[]
}

function count(result: { total: number | string | bigint } | undefined | null) {
  return Number(result?.total ?? 0)
}

/** Four queries whatever the co-op's size (dashboard_counts.spec.ts pins the boundaries). */
export async function loadDashboardFigures(): Promise<DashboardFigures> {
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

  const recentImports = await ImportBatch.query()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(5)

  return {
    members: {
      total: figure('total'),
      withAccess: figure('with_access'),
      registered: figure('registered'),
    },
    pendingAffiliationRequests: count(pendingRequests),
    openInquiries: count(openInquiries),
    lockedAccounts: figure('locked'),
    pendingWithdrawals: figure('pending_withdrawals'),
    recentImports,
  }
}
