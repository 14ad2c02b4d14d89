import type Member from '#models/member'
import type Notice from '#models/notice'
import type Statement from '#models/statement'
import { withdrawalState } from '#domain/members/withdrawal'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { formatBillingMonth, formatJapaneseDate, formatYen } from '#domain/common/formatting'
import { routeUrl } from '#services/named_routes'
import { debitNotice, type StatementDebit } from '#domain/statements/debit_details'

export interface MemberHomeProps {
  greetingName: string
  memberNumber: string
  affiliationName: string | null
  withdrawal: { refundOn: string } | null
  notices: { id: number; title: string; body: string; publishedOn: string }[]
  latestStatement: {
    billingMonth: string
    label: string
    total: string
    lineCount: number
    href: string
    /** 「2026年11月27日に ○○銀行 ○○支店 普通 ****1234 から引き落とします」, or null. */
    debitNotice: string | null
  } | null
}

/**
 * What the member home page shows, from what #domain/members/member_home loaded.
 * `member` comes with its affiliation (the member area loads both).
 */
export function presentMemberHome(
  member: Pick<Member, 'name' | 'memberNumber' | 'refundOn' | 'affiliation'>,
  home: {
    notices: Pick<Notice, 'id' | 'title' | 'body' | 'publishedFrom'>[]
    latestStatement:
      (Pick<Statement, 'billingMonth' | 'totalAmount' | 'lineCount'> & StatementDebit) | null
  }
): MemberHomeProps {
  const withdrawal = withdrawalState(member)
  const latest = home.latestStatement

  return {
    greetingName: member.name,
    memberNumber: member.memberNumber,
    affiliationName: member.affiliation?.name ?? null,
    withdrawal:
      withdrawal.kind === 'pending' ? { refundOn: formatJapaneseDate(withdrawal.refundOn) } : null,
    notices: home.notices.map((notice) => ({
      id: notice.id,
      title: notice.title,
      body: notice.body,
      publishedOn: formatJapaneseDate(notice.publishedFrom.setZone(BUSINESS_ZONE)),
    })),
    latestStatement: latest
      ? {
          billingMonth: latest.billingMonth,
          label: formatBillingMonth(latest.billingMonth),
          total: formatYen(latest.totalAmount),
          lineCount: latest.lineCount,
          href: routeUrl('member.statements.show', { month: latest.billingMonth }),
          debitNotice: debitNotice(latest),
        }
      : null,
  }
}
