import Member from '#models/member'
import type Statement from '#models/statement'
import type ContributionReport from '#models/contribution_report'
import ContributionBalance from '#models/contribution_balance'
import ContributionEvent from '#models/contribution_event'
import ProfileChange from '#models/profile_change'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import Inquiry from '#models/inquiry'
import InitialPassword from '#models/initial_password'
import { publishedStatementsQuery } from '#domain/statements/statement_visibility'
import { committedContributionReportsQuery } from '#domain/contributions/contribution_report_publication'
import { mailHistoryOf, type DeliveryRecord } from '#domain/mail/delivery_history'
import { loadMemberAuditEntries, type AuditActors } from '#domain/audit/audit_log_search'
import type AuditLog from '#models/audit_log'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import type { MemberTab } from '#validators/staff/members'
import type CardCheck from '#models/card_check'
import { recentCardChecks } from '#domain/members/card_check'

/**
 * The staff member record (組合員詳細): the member with account and affiliation, and what one
 * tab shows, one tab's reads per view.
 */

/** The member by route id (not found: 404), account and affiliation preloaded. */
export async function findMemberRecord(id: string | number) {
  return Member.query()
    .where('id', Number(id) || 0)
    .preload('account')
    .preload('affiliation')
    .firstOrFail()
}

export type MemberTabData =
  | { tab: 'profile' }
  | { tab: 'account'; initialPassword: InitialPassword | null }
  | { tab: 'statements'; statements: Statement[] }
  | {
      tab: 'contributions'
      balance: ContributionBalance | null
      events: ContributionEvent[]
      reports: ContributionReport[]
    }
  | { tab: 'changes'; changes: ProfileChange[] }
  | { tab: 'requests'; requests: AffiliationChangeRequest[] }
  | { tab: 'inquiries'; inquiries: Inquiry[] }
  | { tab: 'mails'; mails: DeliveryRecord[] }
  | { tab: 'card_checks'; checks: CardCheck[] }
  | { tab: 'audit'; entries: AuditLog[]; actors: AuditActors }

/** What `tab` shows of `member`; statements and reports are the published ones only. */
export async function loadMemberTab(member: Member, tab: MemberTab): Promise<MemberTabData> {
  switch (tab) {
    case 'profile':
      return { tab }
    case 'account': {
      const initialPassword = await InitialPassword.query()
        .where('member_id', member.id)
        .whereNull('invalidated_at')
        .orderBy('issued_at', 'desc')
        .first()
      return { tab, initialPassword }
    }
    case 'statements':
      return {
        tab,
        statements: await publishedStatementsQuery(member.id).orderBy(
          'statements.billing_month',
          'desc'
        ),
      }
    case 'contributions': {
      const [balance, events, reports] = await Promise.all([
        ContributionBalance.query().where('member_id', member.id).first(),
        ContributionEvent.query().where('member_id', member.id).orderBy('occurred_on', 'desc'),
        committedContributionReportsQuery(member.id).orderBy(
          'contribution_reports.fiscal_year',
          'desc'
        ),
      ])
      return { tab, balance, events, reports }
    }
    case 'changes':
      return {
        tab,
        changes: await ProfileChange.query()
          .where('member_id', member.id)
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc'),
      }
    case 'requests':
      return {
        tab,
        requests: await AffiliationChangeRequest.query()
          .where('member_id', member.id)
          .preload('requestedAffiliation')
          .orderBy('created_at', 'desc'),
      }
    case 'inquiries':
      return {
        tab,
        inquiries: await Inquiry.query()
          .where('member_id', member.id)
          .orderBy('last_message_at', 'desc'),
      }
    case 'mails':
      return { tab, mails: await mailHistoryOf(member.id) }
    case 'card_checks':
      return { tab, checks: await recentCardChecks(member.id) }
    case 'audit':
      return { tab, ...(await loadMemberAuditEntries(member.id)) }
  }
}

/**
 * Opening a member's record is an audited read, recorded before the tab is read; the mail
 * history is a read of its own in the log (never with the addresses in it).
 */
export async function openMemberRecord(input: {
  member: Member
  tab: MemberTab
  staffUserId: number
  origin: RequestOrigin
}): Promise<MemberTabData> {
  const { member, tab } = input
  await recordAudit({
    action: tab === 'mails' ? 'staff.member.mail_history' : 'staff.member.view',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.staffUserId,
    memberId: member.id,
    origin: input.origin,
    details: { tab },
  })
  return loadMemberTab(member, tab)
}
