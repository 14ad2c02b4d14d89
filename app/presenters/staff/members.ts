import { DateTime } from 'luxon'
import type Member from '#models/member'
import type MemberAccount from '#models/member_account'
import type { RegistrationState } from '#models/member_account'
import type { MemberCategory } from '#models/member'
import type { AffiliationRequestStatus } from '#models/affiliation_change_request'
import type { ContributionEventKind } from '#models/contribution_event'
import type { InquiryStatus } from '#models/inquiry'
import { withdrawalState } from '#domain/members/withdrawal'
import { isBillingMonthVisibleTo } from '#domain/statements/statement_visibility'
import { isReportVisibleTo } from '#domain/contributions/contribution_report_publication'
import type { MemberTabData } from '#domain/members/member_record_query'
import {
  formatBillingMonth,
  formatJapaneseDate,
  formatJapaneseDateTime,
  formatYen,
  formatJapaneseEraYear,
} from '#domain/common/formatting'
import { formatPhone, formatPostalCode } from '#domain/common/japanese_text'
import { isMaskedProfileField, maskedFor } from '#domain/desk/identity_masking'
import { MEMBER_TABS, type MemberTab } from '#validators/staff/members'
import { presentAuditEntries, type AuditEntryRow } from '#presenters/staff/audit_entries'
import { presentMailHistory, type MailHistoryProps } from '#presenters/staff/mail_history'
import { presentPagination, type Pagination } from '#presenters/staff/pagination'
import { presentCardChecks, type CardChecksProps } from '#presenters/staff/card_checks'
import type { BoundedPage } from '#domain/common/bounded_pages'
import type { MemberSearchFilters } from '#domain/members/member_search'
import { routeUrl } from '#services/named_routes'
import { profileFieldLabel } from '#domain/members/profile_changes'

export const REGISTRATION_LABELS: Record<RegistrationState, string> = {
  unregistered: '未登録',
  pending: '登録手続き中（メール確認待ち）',
  registered: '登録済み',
}

export const CATEGORY_LABELS: Record<MemberCategory, string> = {
  active: '現職',
  retired: '退職',
}

const TAB_LABELS: Record<MemberTab, string> = {
  profile: '基本情報',
  account: 'アカウント',
  statements: '請求明細',
  contributions: '出資',
  changes: '変更履歴',
  requests: '所属変更申請',
  inquiries: 'お問い合わせ',
  mails: 'メール送信履歴',
  card_checks: '組合員証の確認',
  audit: '操作記録',
}

const REQUEST_STATUS_LABELS: Record<AffiliationRequestStatus, string> = {
  pending: '未処理',
  approved: '承認',
  rejected: '却下',
  withdrawn: '取り下げ',
}

const INQUIRY_STATUS_LABELS: Record<InquiryStatus, string> = {
  open: '未対応',
  answered: '回答済み',
  closed: '完了',
}

const EVENT_KIND_LABELS: Record<ContributionEventKind, string> = {
  join: '加入',
  increase: '増口',
  decrease: '減口',
  refund: '返還',
}

export function isLocked(account: MemberAccount | null | undefined, now = DateTime.utc()) {
  return Boolean(account?.isLockedAt(now))
}

export interface MemberListRow {
  id: number
  memberNumber: string
  name: string
  nameKana: string
  affiliationName: string
  registrationLabel: string
  locked: boolean
  withdrawalLabel: string | null
}

/**
 * `masked`: the viewer is an operator, who verifies callers at the phone desk and so must not
 * read the items the desk checks (app/domain/desk/identity_masking.ts).
 */
export function presentMemberRow(member: Member, masked: boolean): MemberListRow {
  const account = member.account ?? null
  const withdrawal = withdrawalState(member)
  return {
    id: member.id,
    memberNumber: member.memberNumber,
    name: member.name,
    nameKana: member.nameKana,
    affiliationName: maskedFor(masked, member.affiliation?.name ?? ''),
    registrationLabel: account ? REGISTRATION_LABELS[account.registrationState] : 'アカウントなし',
    locked: isLocked(account),
    withdrawalLabel:
      withdrawal.kind === 'pending'
        ? `脱退予定（${formatJapaneseDate(withdrawal.refundOn)}返還）`
        : withdrawal.kind === 'withdrawn'
          ? '脱退済み'
          : null,
  }
}

/** The member search (staff/members/index). */
export interface MemberSearchProps {
  filters: { q: string; birthDate: string; state: string; locked: boolean }
  searched: boolean
  members: MemberListRow[]
  pagination: Pagination | null
}

/**
 * `found` as searchMembers (app/domain/members/member_search.ts) gives it, null when nothing
 * was asked; `typedBirthDate` is the query string's, shown as it was typed.
 */
export function presentMemberSearch(search: {
  criteria: MemberSearchFilters
  typedBirthDate: string | undefined
  found: BoundedPage<Member> | null
  masked: boolean
}): MemberSearchProps {
  const { criteria, found, masked } = search
  return {
    filters: {
      q: criteria.q ?? '',
      birthDate: search.typedBirthDate ?? '',
      state: criteria.state ?? '',
      locked: criteria.locked ?? false,
    },
    searched: found !== null,
    members: found ? found.rows.map((member) => presentMemberRow(member, masked)) : [],
    pagination: found
      ? presentPagination(found, routeUrl('staff.members.index'), {
          q: criteria.q,
          birthDate: search.typedBirthDate,
          state: criteria.state,
          locked: criteria.locked,
        })
      : null,
  }
}

export interface MemberWithdrawal {
  state: 'none' | 'pending' | 'withdrawn'
  acceptedOn: string | null
  refundOn: string | null
}

export function presentWithdrawal(member: Member): MemberWithdrawal {
  const state = withdrawalState(member)
  return {
    state: state.kind,
    acceptedOn: member.withdrawalAcceptedOn
      ? formatJapaneseDate(member.withdrawalAcceptedOn)
      : null,
    refundOn: state.kind === 'none' ? null : formatJapaneseDate(state.refundOn),
  }
}

function tabContent(member: Member, data: MemberTabData, masked: boolean) {
  const account = member.account ?? null
  const mask = (value: string) => maskedFor(masked, value)
  switch (data.tab) {
    case 'profile':
      return {
        profile: {
          name: member.name,
          nameKana: member.nameKana,
          // Callers often give it in 和暦: both, 1980年4月1日（昭和55年）.
          birthDate: mask(
            `${formatJapaneseDate(member.birthDate)}（${formatJapaneseEraYear(member.birthDate)}）`
          ),
          phone: mask(formatPhone(member.phone)),
          postalCode: mask(formatPostalCode(member.postalCode)),
          address: mask(member.address ?? ''),
          affiliation: mask(
            member.affiliation ? `${member.affiliation.name}（${member.affiliation.code}）` : ''
          ),
          category: CATEGORY_LABELS[member.category],
          joinedOn: formatJapaneseDate(member.joinedOn),
        },
      }
    case 'account': {
      const initial = data.initialPassword
      return {
        account: {
          exists: account !== null,
          registration: account ? REGISTRATION_LABELS[account.registrationState] : 'アカウントなし',
          registeredAt: formatJapaneseDateTime(account?.registeredAt),
          locked: isLocked(account),
          lockedUntil: isLocked(account) ? formatJapaneseDateTime(account!.lockedUntil) : '',
          failedLoginCount: account?.failedLoginCount ?? 0,
          lastLoginAt: formatJapaneseDateTime(account?.lastLoginAt),
          hasPendingEmail: Boolean(account?.pendingEmail),
          initialPasswordIssuedAt:
            account?.isRegistered || !initial ? '' : formatJapaneseDateTime(initial.issuedAt),
        },
      }
    }
    // Published data only (the member's own query); staged, failed and replaced batches are
    // seen in 取込. Months or years the member cannot see yet are marked, not hidden.
    case 'statements': {
      const registeredAt = account?.registeredAt ?? null
      return {
        statements: data.statements.map((statement) => ({
          id: statement.id,
          billingMonth: formatBillingMonth(statement.billingMonth),
          total: formatYen(statement.totalAmount),
          lineCount: statement.lineCount,
          visibleToMember: isBillingMonthVisibleTo(statement.billingMonth, registeredAt),
        })),
      }
    }
    case 'contributions': {
      const { balance, events, reports } = data
      return {
        contributions: {
          units: balance?.units ?? 0,
          amount: formatYen(balance?.amount ?? 0),
          events: events.map((event) => ({
            id: event.id,
            occurredOn: formatJapaneseDate(event.occurredOn),
            kind: EVENT_KIND_LABELS[event.kind],
            units: event.unitsDelta,
            amount: formatYen(event.amountDelta),
            amountAfter: formatYen(event.amountAfter),
          })),
          reports: reports.map((report) => ({
            id: report.id,
            fiscalYear: `${report.fiscalYear}年度`,
            unitsEnd: report.unitsEnd,
            amountEnd: formatYen(report.amountEnd),
            dividend: formatYen(report.dividend),
            visibleToMember: isReportVisibleTo(report.fiscalYear, account?.registeredAt ?? null),
          })),
        },
      }
    }
    case 'changes': {
      return {
        changes: data.changes.map((change) => {
          const hide = masked && isMaskedProfileField(change.field)
          return {
            id: change.id,
            at: formatJapaneseDateTime(change.createdAt),
            field: profileFieldLabel(change.field),
            oldValue: maskedFor(hide, change.oldValue ?? ''),
            newValue: maskedFor(hide, change.newValue ?? ''),
            by:
              change.changedByType === 'member'
                ? '本人'
                : change.changedByType === 'staff'
                  ? '職員'
                  : '取込',
          }
        }),
      }
    }
    case 'requests': {
      return {
        requests: data.requests.map((request) => ({
          id: request.id,
          createdAt: formatJapaneseDate(request.createdAt),
          requested: mask(
            request.requestedAffiliation?.name ?? request.requestedAffiliationText ?? ''
          ),
          effectiveOn: formatJapaneseDate(request.effectiveOn),
          status: REQUEST_STATUS_LABELS[request.status],
        })),
      }
    }
    case 'inquiries': {
      return {
        inquiries: data.inquiries.map((inquiry) => ({
          id: inquiry.id,
          subject: inquiry.subject,
          category: inquiry.category,
          status: INQUIRY_STATUS_LABELS[inquiry.status],
          lastMessageAt: formatJapaneseDateTime(inquiry.lastMessageAt),
        })),
      }
    }
    // Resends go through the phone desk, after the caller's identity is verified.
    case 'mails':
      return { mails: presentMailHistory(data.mails) }
    case 'card_checks':
      return { cardChecks: presentCardChecks(data.checks) }
    case 'audit':
      return { audit: presentAuditEntries(data.entries, data.actors) }
  }
}

export interface StaffStatementRow {
  id: number
  billingMonth: string
  total: string
  lineCount: number
  visibleToMember: boolean
}

/** The アカウント tab. */
export interface StaffMemberAccount {
  exists: boolean
  registration: string
  registeredAt: string
  locked: boolean
  lockedUntil: string
  failedLoginCount: number
  lastLoginAt: string
  hasPendingEmail: boolean
  initialPasswordIssuedAt: string
}

/** The 出資 tab: the balance, its events and the committed reports. */
export interface StaffMemberContributions {
  units: number
  amount: string
  events: {
    id: number
    occurredOn: string
    kind: string
    units: number
    amount: string
    amountAfter: string
  }[]
  reports: {
    id: number
    fiscalYear: string
    unitsEnd: number
    amountEnd: string
    dividend: string
    visibleToMember: boolean
  }[]
}

export interface MemberPageProps {
  member: {
    id: number
    memberNumber: string
    name: string
    nameKana: string
    registrationLabel: string
    locked: boolean
    withdrawal: MemberWithdrawal
  }
  tab: MemberTab
  tabs: { key: MemberTab; label: string; href: string }[]
  may: { unblock: boolean; recordWithdrawal: boolean }
  /** The viewer is an operator: the items the phone desk checks are masked. */
  masked: boolean
  profile?: Record<string, string>
  account?: StaffMemberAccount
  statements?: StaffStatementRow[]
  contributions?: StaffMemberContributions
  changes?: Record<string, string | number>[]
  requests?: Record<string, string | number>[]
  inquiries?: Record<string, string | number>[]
  mails?: MailHistoryProps
  cardChecks?: CardChecksProps
  audit?: AuditEntryRow[]
}

/** `member` and `data` as findMemberRecord / openMemberRecord (app/domain/members/member_record_query.ts) load them. */
export function presentMemberPage(
  member: Member,
  data: MemberTabData,
  may: { unblock: boolean; recordWithdrawal: boolean },
  masked: boolean
): MemberPageProps {
  const tab = data.tab
  const row = presentMemberRow(member, masked)
  return {
    member: {
      id: member.id,
      memberNumber: member.memberNumber,
      name: member.name,
      nameKana: member.nameKana,
      registrationLabel: row.registrationLabel,
      locked: row.locked,
      withdrawal: presentWithdrawal(member),
    },
    tab,
    tabs: MEMBER_TABS.map((key) => ({
      key,
      label: TAB_LABELS[key],
      href: routeUrl(
        'staff.members.show',
        { id: member.id },
        { tab: key === 'profile' ? null : key }
      ),
    })),
    may,
    masked,
    ...(tabContent(member, data, masked) as Partial<MemberPageProps>),
  }
}
