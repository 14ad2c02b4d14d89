import router from '@adonisjs/core/services/router'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import {
  FAILED_WINDOW_HOURS,
  HISTORY_DAYS,
  HISTORY_LIMIT,
  type DeliveryRecord,
  type DeliveryState,
  type FailedMail,
  type ResendAction,
} from '#domain/mail/delivery_history'

/**
 * The mail history as the staff pages show it (member page tab 「メール送信履歴」, the phone
 * desk once the caller is verified) and the dashboard's failed mails. Addresses arrive masked
 * from the domain; times are Japan time.
 */
export interface MailHistoryRow {
  id: number
  kindLabel: string
  recipient: string
  state: DeliveryState
  stateLabel: string
  explanation: string
  serverAnswer: string | null
  attempts: number
  queuedAt: string
  /** When the server accepted it (sent), or when it was last tried / settled. */
  settledAt: string
  /** The desk action that sends a fresh one, with its access key; null when none applies now. */
  resend: { label: string; accessKey: string } | null
}

export interface MailHistoryProps {
  rows: MailHistoryRow[]
  limit: number
  days: number
}

/** Which desk resends the member's state allows now (none outside the verified desk). */
export interface ResendAvailability {
  registration_mail: boolean
  reset_mail: boolean
}

export const NO_RESEND: ResendAvailability = { registration_mail: false, reset_mail: false }

const RESEND_LABELS: Record<ResendAction, { label: string; accessKey: string }> = {
  registration_mail: {
    label: '操作欄の「登録確認メールを再送（M）」で再送できます',
    accessKey: 'm',
  },
  reset_mail: {
    label: '操作欄の「パスワード再設定のご案内を送信（G）」で新しいURLを送れます',
    accessKey: 'g',
  },
}

function presentRow(record: DeliveryRecord, resendable: ResendAvailability): MailHistoryRow {
  return {
    id: record.id,
    kindLabel: record.kindLabel,
    recipient: record.recipient,
    state: record.state,
    stateLabel: record.stateLabel,
    explanation: record.explanation,
    serverAnswer: record.serverAnswer,
    attempts: record.attempts,
    queuedAt: formatJapaneseDateTime(record.queuedAt),
    settledAt: formatJapaneseDateTime(record.sentAt ?? record.updatedAt),
    resend:
      record.resend && resendable[record.resend] && record.state !== 'sending'
        ? RESEND_LABELS[record.resend]
        : null,
  }
}

export function presentMailHistory(
  records: DeliveryRecord[],
  resendable: ResendAvailability = NO_RESEND
): MailHistoryProps {
  // Only the newest mail of a kind offers the resend: an older one was already superseded.
  const seen = new Set<string>()
  const rows = records.map((record) => {
    const first = !seen.has(record.kind)
    seen.add(record.kind)
    return presentRow(record, first ? resendable : NO_RESEND)
  })
  return { rows, limit: HISTORY_LIMIT, days: HISTORY_DAYS }
}

export interface FailedMailRow {
  id: number
  failedAt: string
  kindLabel: string
  recipient: string
  serverAnswer: string | null
  member: { memberNumber: string; name: string; href: string | null } | null
}

export interface FailedMailsProps {
  hours: number
  count: number
  mails: FailedMailRow[]
}

/** `linkMembers`: the viewer may open the member page (its mail tab is where the list leads). */
export function presentFailedMails(
  failed: { count: number; mails: FailedMail[] },
  linkMembers: boolean
): FailedMailsProps {
  return {
    hours: FAILED_WINDOW_HOURS,
    count: failed.count,
    mails: failed.mails.map((mail) => ({
      id: mail.id,
      failedAt: formatJapaneseDateTime(mail.updatedAt),
      kindLabel: mail.kindLabel,
      recipient: mail.recipient,
      serverAnswer: mail.serverAnswer,
      member: mail.member
        ? {
            memberNumber: mail.member.memberNumber,
            name: mail.member.name,
            href: linkMembers
              ? router.makeUrl(
                  'staff.members.show',
                  { id: mail.member.id },
                  { qs: { tab: 'mails' } }
                )
              : null,
          }
        : null,
    })),
  }
}
