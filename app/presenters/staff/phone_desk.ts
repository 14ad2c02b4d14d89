import { DateTime } from 'luxon'
import router from '@adonisjs/core/services/router'
import type Member from '#models/member'
import {
  IDENTITY_ITEM_LABELS,
  IDENTITY_ITEMS,
  type IdentityItem,
  type ItemResult,
} from '#domain/desk/identity_matching'
import {
  DESK_REASONS,
  REVEAL_VISIBLE_SECONDS,
  VERIFICATION_MINUTES,
  type DeskVerification,
} from '#domain/desk/phone_desk'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import { REGISTRATION_LABELS, isLocked, type MemberListRow } from '#presenters/staff/members'
import type { Pagination } from '#presenters/staff/pagination'
import type { MailHistoryProps } from '#presenters/staff/mail_history'

/** The desk's member search (staff/phone_desk/index): no more than a caller may be told. */
export interface DeskSearchProps {
  q: string
  searched: boolean
  members: Pick<
    MemberListRow,
    'id' | 'memberNumber' | 'name' | 'nameKana' | 'registrationLabel' | 'locked'
  >[]
  pagination: Pagination | null
}

/**
 * What the phone desk shows. Before verification: the member number and name the operator
 * found, nothing else. The check result names the items that matched, never a stored value.
 */
export interface DeskMemberProps {
  member: {
    id: number
    memberNumber: string
    name: string
    nameKana: string
    registrationLabel: string
    registered: boolean
    registrationPending: boolean
    locked: boolean
  }
  items: { key: IdentityItem; label: string }[]
  lastCheck: { key: IdentityItem; label: string; result: ItemResult }[] | null
  verification: { matched: string[]; expiresAt: string; minutes: number } | null
  reasons: { value: string; label: string }[]
  /** The member's mail history: only once the caller is verified (null before). */
  mails: MailHistoryProps | null
  resetMailUrl: string
}

export function presentDeskMember(
  member: Member,
  verification: DeskVerification | null,
  lastCheck: Record<IdentityItem, ItemResult> | null,
  mails: MailHistoryProps | null = null
): DeskMemberProps {
  const account = member.account ?? null
  return {
    member: {
      id: member.id,
      memberNumber: member.memberNumber,
      name: member.name,
      nameKana: member.nameKana,
      registrationLabel: account
        ? REGISTRATION_LABELS[account.registrationState]
        : 'アカウントなし',
      registered: Boolean(account?.isRegistered),
      registrationPending: account?.registrationState === 'pending',
      locked: isLocked(account),
    },
    items: IDENTITY_ITEMS.map((key) => ({ key, label: IDENTITY_ITEM_LABELS[key] })),
    lastCheck: lastCheck
      ? IDENTITY_ITEMS.map((key) => ({
          key,
          label: IDENTITY_ITEM_LABELS[key],
          result: lastCheck[key] ?? 'not_given',
        }))
      : null,
    verification: verification
      ? {
          matched: verification.matched.map((item) => IDENTITY_ITEM_LABELS[item]),
          expiresAt: formatJapaneseDateTime(DateTime.fromISO(verification.expiresAt)),
          minutes: VERIFICATION_MINUTES,
        }
      : null,
    reasons: Object.entries(DESK_REASONS).map(([value, label]) => ({ value, label })),
    mails: verification ? mails : null,
    resetMailUrl: router.makeUrl('staff.phone_desk.reset_mail', { id: member.id }),
  }
}

export interface DeskRevealProps {
  member: { id: number; memberNumber: string; name: string }
  kind: 'initialPassword' | 'email'
  value: string
  visibleSeconds: number
  shownAt: string
}

export function presentDeskReveal(
  member: Member,
  kind: DeskRevealProps['kind'],
  value: string
): DeskRevealProps {
  return {
    member: { id: member.id, memberNumber: member.memberNumber, name: member.name },
    kind,
    value,
    visibleSeconds: REVEAL_VISIBLE_SECONDS,
    shownAt: formatJapaneseDateTime(DateTime.utc()),
  }
}
