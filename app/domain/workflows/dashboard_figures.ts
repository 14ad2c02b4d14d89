import db from '@adonisjs/lucid/services/db'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import ImportBatch from '#models/import_batch'
import type { RegistrationState } from '#models/member_account'
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

function count(result: { total?: number | string | bigint } | undefined | null) {
  return Number(result?.total ?? 0)
}

/** Every state but 'registered' (a new state fails to compile until it is listed here). */
const NOT_REGISTERED = Object.keys({
  unregistered: true,
  pending: true,
} satisfies Record<Exclude<RegistrationState, 'registered'>, true>)

/**
 * Index range counts only, whatever the co-op's size (dashboard_counts.spec.ts pins the
 * boundaries): members with access are all members but those whose refund day has come, and
 * registered members with access are the registered accounts but those of such members. A
 * pass over 50,000 members and their accounts cost 40–150 ms on every view.
 */
export async function loadDashboardFigures(): Promise<DashboardFigures> {
  const today = todayInJapan().toISODate()!
  const now = dbTimestamp()
  const counted = (query: DatabaseQueryBuilderContract) =>
    query.count('* as total').first().then(count)

  const [
    members,
    withdrawn,
    pendingWithdrawals,
    accounts,
    notRegistered,
    registeredWithdrawn,
    locked,
  ] = await Promise.all([
    counted(db.from('members')),
    counted(db.from('members').where('refund_on', '<=', today)),
    counted(db.from('members').where('refund_on', '>', today)),
    counted(db.from('member_accounts')),
    // Most members are registered: counting the others reads a tenth of the index entries.
    counted(db.from('member_accounts').whereIn('registration_state', NOT_REGISTERED)),
    // From the few withdrawn members to their accounts: SQLite keeps a CROSS JOIN's order
    // (with a join or IN it walked the 40,000 registered accounts: 20–80 ms).
    counted(
      db
        .from('members as m')
        .joinRaw('CROSS JOIN member_accounts AS a')
        .whereColumn('a.member_id', 'm.id')
        .where('m.refund_on', '<=', today)
        .where('a.registration_state', 'registered')
    ),
    counted(db.from('member_accounts').where('locked_until', '>', now)),
  ])
  const [pendingRequests, openInquiries] = await Promise.all([
    counted(db.from('affiliation_change_requests').where('status', 'pending')),
    counted(db.from('inquiries').whereNot('status', 'closed')),
  ])

  const recentImports = await ImportBatch.query()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(5)

  return {
    members: {
      total: members,
      withAccess: members - withdrawn,
      registered: accounts - notRegistered - registeredWithdrawn,
    },
    pendingAffiliationRequests: pendingRequests,
    openInquiries,
    lockedAccounts: locked,
    pendingWithdrawals,
    recentImports,
  }
}
