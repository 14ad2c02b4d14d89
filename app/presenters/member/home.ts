import type MemberAccount from '#models/member_account'
import Notice from '#models/notice'
import { visibleStatementsQuery } from '#domain/statements/statement_visibility'
import { withdrawalState } from '#domain/members/withdrawal'
import { nowInJapan } from '#domain/common/clock'
import { formatBillingMonth, formatJapaneseDate, formatYen } from '#domain/common/formatting'
import { routeUrl } from '#services/named_routes'

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
  } | null
}

/** What the member home page shows. `account.member` (with affiliation) must be loaded. */
export async function presentMemberHome(account: MemberAccount): Promise<MemberHomeProps> {
  const member = account.member
  const now = nowInJapan()
  const withdrawal = withdrawalState(member)

  const notices = await Notice.query()
    .withScopes((scopes) => scopes.visibleAt(now))
    .orderBy('published_from', 'desc')
    .limit(5)

  const latest = await visibleStatementsQuery(member.id, account.registeredAt)
    .orderBy('statements.billing_month', 'desc')
    .first()

  return {
    greetingName: member.name,
    memberNumber: member.memberNumber,
    affiliationName: member.affiliation?.name ?? null,
    withdrawal:
      withdrawal.kind === 'pending' ? { refundOn: formatJapaneseDate(withdrawal.refundOn) } : null,
    notices: notices.map((notice) => ({
      id: notice.id,
      title: notice.title,
      body: notice.body,
      publishedOn: formatJapaneseDate(notice.publishedFrom.setZone(now.zone)),
    })),
    latestStatement: latest
      ? {
          billingMonth: latest.billingMonth,
          label: formatBillingMonth(latest.billingMonth),
          total: formatYen(latest.totalAmount),
          lineCount: latest.lineCount,
          href: routeUrl('member.statements.show', { month: latest.billingMonth }),
        }
      : null,
  }
}
