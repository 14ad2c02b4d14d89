import { DateTime, Duration } from 'luxon'
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
  REVEALS_PER_HOUR,
  REVEAL_VISIBLE_SECONDS,
  VERIFICATION_MINUTES,
  type DeskGateRefusal,
} from '#domain/desk/phone_desk'
import {
  FAILED_CHECKS_ALLOWED,
  FAILED_CHECKS_BLOCK_MINUTES,
  type IdentityCheckOutcome,
} from '#domain/desk/check_caller_identity'
import type { CallerMailHistory } from '#domain/desk/read_caller_mail_history'
import type { InitialPasswordRevealOutcome } from '#domain/desk/reveal_initial_password'
import type { EmailRevealOutcome } from '#domain/desk/reveal_registered_email'
import type { InitialPasswordReissueOutcome } from '#domain/desk/reissue_initial_password'
import type { DeskUnblockOutcome } from '#domain/desk/unblock_account_at_desk'
import type { DeskRegistrationMailOutcome } from '#domain/desk/resend_registration_mail_at_desk'
import type { DeskResetGuidanceOutcome } from '#domain/desk/send_reset_guidance_at_desk'
import { RATE_LIMITS, TOKEN_LIFETIME } from '#domain/auth/rate_limits'
import { COOP } from '#domain/common/coop'
import type { BoundedPage } from '#domain/common/bounded_pages'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import { routeUrl } from '#services/named_routes'
import {
  REGISTRATION_LABELS,
  isLocked,
  presentMemberRow,
  type MemberListRow,
} from '#presenters/staff/members'
import { presentPagination, type Pagination } from '#presenters/staff/pagination'
import { presentMailHistory, type MailHistoryProps } from '#presenters/staff/mail_history'

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

/** The search rows: operators see no identity item here (masked like the member list). */
export function presentDeskSearch(
  q: string | undefined,
  paginator: BoundedPage<Member> | null
): DeskSearchProps {
  return {
    q: q ?? '',
    searched: Boolean(q),
    members: paginator
      ? paginator.rows.map((member) => {
          const row = presentMemberRow(member, true)
          return {
            id: row.id,
            memberNumber: row.memberNumber,
            name: row.name,
            nameKana: row.nameKana,
            registrationLabel: row.registrationLabel,
            locked: row.locked,
          }
        })
      : [],
    pagination: paginator
      ? presentPagination(paginator, routeUrl('staff.phone_desk.index'), { q })
      : null,
  }
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
  history: CallerMailHistory,
  lastCheck: Record<IdentityItem, ItemResult> | null
): DeskMemberProps {
  const account = member.account ?? null
  const verification = history.status === 'read' ? history.verification : null
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
    mails:
      history.status === 'read' ? presentMailHistory(history.records, history.resendable) : null,
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

/*
 * The operator's message after each desk action. A rule's number comes from the rule's
 * constant, so the message cannot drift from the limit it states.
 */
export interface DeskNotice {
  type: 'success' | 'error'
  message: string
}

const error = (message: string): DeskNotice => ({ type: 'error', message })
const success = (message: string): DeskNotice => ({ type: 'success', message })

const RESET_LINK_MINUTES = Duration.fromDurationLike(TOKEN_LIFETIME.password_reset).as('minutes')
const REGISTRATION_LINK_HOURS = Duration.fromDurationLike(TOKEN_LIFETIME.registration).as('hours')

function gateRefusalNotice(refusal: DeskGateRefusal): DeskNotice {
  return refusal.status === 'unverified'
    ? error(
        '本人確認の有効時間が過ぎたか、まだ本人確認をしていません。もう一度本人確認をしてください。'
      )
    : error(
        `表示の上限（1時間に${REVEALS_PER_HOUR}回）に達しました。約${Math.ceil(refusal.retryAfterSeconds / 60)}分後に再度お試しいただくか、管理者にご相談ください。`
      )
}

export function identityCheckNotice(outcome: IdentityCheckOutcome): DeskNotice {
  switch (outcome.status) {
    case 'blocked':
      return error(
        `照合の失敗が${FAILED_CHECKS_ALLOWED}回続いたため、この組合員の本人確認は${FAILED_CHECKS_BLOCK_MINUTES}分間できません。必要な場合は管理者にご相談ください。`
      )
    case 'not_verified':
      return error(
        '本人確認ができませんでした。組合員番号または氏名、生年月日、さらにもう1項目が一致する必要があります。'
      )
    case 'verified':
      return success('本人確認ができました。操作を選んでください。')
  }
}

export function initialPasswordRevealNotice(
  outcome: Exclude<InitialPasswordRevealOutcome, { status: 'revealed' }>
): DeskNotice {
  switch (outcome.status) {
    case 'registered':
      return error(
        'この組合員はログイン登録が済んでいるため、初期パスワードは使えません。ログイン画面の「パスワードをお忘れの方」からパスワードを再設定するようご案内ください。'
      )
    case 'no_initial_password':
      return error('有効な初期パスワードがありません。初期パスワードを再発行してください。')
    default:
      return gateRefusalNotice(outcome)
  }
}

export function emailRevealNotice(
  outcome: Exclude<EmailRevealOutcome, { status: 'revealed' }>
): DeskNotice {
  return outcome.status === 'not_registered'
    ? error('この組合員はまだログイン登録をしていないため、登録済みのメールアドレスはありません。')
    : gateRefusalNotice(outcome)
}

export function reissueNotice(
  outcome: Exclude<InitialPasswordReissueOutcome, { status: 'reissued' }>
): DeskNotice {
  return outcome.status === 'registered'
    ? error(
        'この組合員はログイン登録が済んでいるため、初期パスワードは再発行できません。「パスワードをお忘れの方」からの再設定をご案内ください。'
      )
    : gateRefusalNotice(outcome)
}

export function unblockNotice(outcome: DeskUnblockOutcome): DeskNotice {
  switch (outcome.status) {
    case 'not_locked':
      return error('このアカウントはロックされていません。')
    case 'unblocked':
      return success('アカウントのロックを解除しました。すぐにログインできます。')
    default:
      return gateRefusalNotice(outcome)
  }
}

export function registrationMailNotice(outcome: DeskRegistrationMailOutcome): DeskNotice {
  switch (outcome.status) {
    case 'not_pending':
      return error(
        'この組合員には確認待ちのログイン登録がありません。組合員番号と初期パスワードから、ログイン登録をやり直すようご案内ください。'
      )
    case 'resent':
      return success(
        `ログイン登録の確認メールを再送しました。届いたメールのURLを${REGISTRATION_LINK_HOURS}時間以内に開くようご案内ください（以前のURLは使えなくなりました）。迷惑メールフォルダや、${COOP.mailDomain} からのメールの受信設定もご確認いただくようお伝えください。`
      )
    default:
      return gateRefusalNotice(outcome)
  }
}

export function resetGuidanceNotice(outcome: DeskResetGuidanceOutcome): DeskNotice {
  switch (outcome.status) {
    case 'not_registered':
      return error(
        'この組合員はまだログイン登録をしていないため、パスワード再設定のご案内は送れません。'
      )
    case 'withdrawn':
      return error(
        '脱退によりマイページの利用が終了しているため、パスワード再設定のご案内は送れません。'
      )
    case 'address_limit':
      return error(
        `このメールアドレスへのパスワード再設定のご案内は、1時間に${RATE_LIMITS.passwordResetPerEmail.requests}回までです。約${Math.ceil(outcome.retryAfterSeconds / 60)}分後に再度お試しください。`
      )
    case 'sent':
      return success(
        `パスワード再設定のご案内を、登録済みのメールアドレスあてに送信しました。メールのURLは${RESET_LINK_MINUTES}分間有効です（1回限り）。迷惑メールフォルダや、${COOP.mailDomain} からのメールの受信設定もご確認いただくようお伝えください。`
      )
    default:
      return gateRefusalNotice(outcome)
  }
}
