import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { COOP } from '#domain/common/coop'
import { dbTimestamp } from '#domain/common/db_time'
import { maskEmail } from '#domain/auth/member_devices'
import { MAIL_KINDS, isMailKind, type MailKind } from '#domain/mail/mail_kinds'
import { OUTBOX_TABLE, type OutboxStatus } from '#domain/mail/outbox'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import { withdrawalState } from '#domain/members/withdrawal'
import type Member from '#models/member'

/**
 * Mail delivery status (配信状況), read from the outbox rows the sender settles: what the staff
 * desk tells a member who says 「登録完了メールが届きません」, what the dashboard lists as
 * failed, and whether a member waiting for a mail should be told it is late.
 *
 * Addresses are never shown whole (the desk reveals the registered address only through its
 * audited action): the recipient, and any address inside the mail server's answer, are masked.
 */

/** The member's history: the newest HISTORY_LIMIT mails of the last HISTORY_DAYS days. */
export const HISTORY_LIMIT = 50
export const HISTORY_DAYS = 90

/** The dashboard: failed mails of the last FAILED_WINDOW_HOURS hours, the newest FAILED_LIST_LIMIT listed. */
export const FAILED_WINDOW_HOURS = 24
export const FAILED_LIST_LIMIT = 10

/**
 * What the desk sees. `retrying` is a queued (or again being sent) mail whose earlier attempt
 * failed for a temporary reason; `queued`/`sending` have not been tried yet or are going now.
 */
export type DeliveryState =
  'queued' | 'sending' | 'retrying' | 'sent' | 'failed' | 'expired' | 'cancelled'

export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  queued: '送信待ち',
  sending: '送信中',
  retrying: '再送待ち（一時的なエラー）',
  sent: '送信済み',
  failed: '送信できませんでした',
  expired: '期限切れ（送信を取りやめ）',
  cancelled: '取り消し',
}

const ALLOW_DOMAIN = `迷惑メールフォルダと、メール受信設定で @${COOP.mailDomain} からの受信が許可されているかをご確認いただくようお伝えください。`

/** The plain-language answer the desk gives for each state. */
export const DELIVERY_EXPLANATIONS: Record<DeliveryState, string> = {
  queued: 'まもなく送信されます。数分たっても届かない場合は、もう一度ご確認ください。',
  sending: 'いま送信しているところです。',
  retrying: `メールサーバーに一時的に受け付けられなかったため、自動で再送します（最長72時間）。届くまでしばらくお待ちいただくようお伝えください。`,
  sent: `メールサーバーが受け付けました。${ALLOW_DOMAIN}`,
  failed:
    'メールサーバーに受け付けられませんでした。メールアドレスが誤っている可能性があります。登録内容をご確認いただくようお伝えください。',
  expired:
    '送信が遅れ、メールの内容（認証コードやURL）の有効期限が過ぎたため、送信を取りやめました。もう一度お手続きいただくようお伝えください。',
  cancelled: '送信前に取り消されました（取込の取り消しなど）。',
}

/** What the desk can do about a mail: resend a fresh one, through the desk's own audited actions. */
export type ResendAction = 'registration_mail' | 'reset_mail'

const RESEND_BY_KIND: Partial<Record<MailKind, ResendAction>> = {
  registration_confirm: 'registration_mail',
  password_reset: 'reset_mail',
}

export interface DeliveryRecord {
  id: number
  kind: string
  kindLabel: string
  recipient: string
  state: DeliveryState
  stateLabel: string
  explanation: string
  /** The mail server's last answer, addresses masked; null when there was none. */
  serverAnswer: string | null
  attempts: number
  queuedAt: DateTime
  sentAt: DateTime | null
  updatedAt: DateTime
  /** The desk action that sends a fresh mail of this kind (when the member's state allows it). */
  resend: ResendAction | null
}

interface OutboxRow {
  id: number | string
  kind: string
  member_id: number | null
  recipient: string
  status: OutboxStatus
  attempts: number | string
  smtp_response: string | null
  sent_at: string | Date | null
  created_at: string | Date
  updated_at: string | Date
}

function timestamp(value: string | Date): DateTime {
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone: 'utc' })
  const sql = DateTime.fromSQL(value, { zone: 'utc' })
  return sql.isValid ? sql : DateTime.fromISO(value, { zone: 'utc' })
}

/** Every e-mail address in a text (an SMTP answer often names the refused one), masked. */
export function maskAddressesIn(text: string): string {
  return text.replace(/[^\s<>"'(),;:@]+@[A-Za-z0-9.-]+/g, (address) => maskEmail(address))
}

export function deliveryStateOf(row: Pick<OutboxRow, 'status' | 'smtp_response'>): DeliveryState {
  if ((row.status === 'queued' || row.status === 'sending') && row.smtp_response !== null) {
    return 'retrying'
  }
  return row.status
}

function toRecord(row: OutboxRow): DeliveryRecord {
  const state = deliveryStateOf(row)
  const kind = row.kind
  return {
    id: Number(row.id),
    kind,
    kindLabel: isMailKind(kind) ? MAIL_KINDS[kind].label : kind,
    recipient: maskEmail(row.recipient),
    state,
    stateLabel: DELIVERY_STATE_LABELS[state],
    explanation: DELIVERY_EXPLANATIONS[state],
    serverAnswer:
      row.smtp_response && state !== 'expired' ? maskAddressesIn(row.smtp_response) : null,
    attempts: Number(row.attempts),
    queuedAt: timestamp(row.created_at),
    sentAt: row.sent_at ? timestamp(row.sent_at) : null,
    updatedAt: timestamp(row.updated_at),
    resend: isMailKind(kind) ? (RESEND_BY_KIND[kind] ?? null) : null,
  }
}

const COLUMNS = [
  'id',
  'kind',
  'member_id',
  'recipient',
  'status',
  'attempts',
  'smtp_response',
  'sent_at',
  'created_at',
  'updated_at',
]

/** The member's mails, newest first (bounded: HISTORY_LIMIT rows of the last HISTORY_DAYS days). */
export async function mailHistoryOf(
  memberId: number,
  now: DateTime = DateTime.utc()
): Promise<DeliveryRecord[]> {
  const rows: OutboxRow[] = await db
    .from(OUTBOX_TABLE)
    .select(COLUMNS)
    .where('member_id', memberId)
    .where('created_at', '>=', dbTimestamp(now.minus({ days: HISTORY_DAYS })))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(HISTORY_LIMIT)
  return rows.map(toRecord)
}

/**
 * Which mails the desk can resend for a member now: the registration link while the
 * registration is pending (resendRegistrationMail), reset guidance while the member is
 * registered and not withdrawn (sendResetGuidance) — the same conditions those actions check.
 */
export function resendableMails(member: Member): Record<ResendAction, boolean> {
  const account = member.account ?? null
  return {
    registration_mail: account?.registrationState === 'pending',
    reset_mail: Boolean(account?.isRegistered) && withdrawalState(member).kind !== 'withdrawn',
  }
}

/**
 * The phone desk reads a verified caller's mail history: a staff read of personal data,
 * audited (which identity items matched and how many mails, never an address).
 */
export async function readMailHistoryAtDesk(input: {
  member: Member
  staffUserId: number
  matched: unknown
  origin: RequestOrigin
}): Promise<DeliveryRecord[]> {
  const records = await mailHistoryOf(input.member.id)
  await recordAudit({
    action: 'staff.phone_desk.mail_history',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.staffUserId,
    memberId: input.member.id,
    memberAccountId: input.member.account?.id ?? null,
    origin: input.origin,
    details: { matched: input.matched, mails: records.length },
  })
  return records
}

export interface FailedMail extends DeliveryRecord {
  member: { id: number; memberNumber: string; name: string } | null
}

/** Mails that failed for good in the last FAILED_WINDOW_HOURS hours (the dashboard). */
export async function recentlyFailedMails(
  now: DateTime = DateTime.utc()
): Promise<{ count: number; mails: FailedMail[] }> {
  const since = dbTimestamp(now.minus({ hours: FAILED_WINDOW_HOURS }))
  const failed = () =>
    db
      .from(OUTBOX_TABLE)
      .where(`${OUTBOX_TABLE}.status`, 'failed')
      .where(`${OUTBOX_TABLE}.updated_at`, '>=', since)
  const [counted, rows] = await Promise.all([
    failed().count('* as total').first(),
    failed()
      .leftJoin('members', 'members.id', `${OUTBOX_TABLE}.member_id`)
      .select(COLUMNS.map((column) => `${OUTBOX_TABLE}.${column}`))
      .select('members.member_number', 'members.name as member_name')
      .orderBy(`${OUTBOX_TABLE}.updated_at`, 'desc')
      .orderBy(`${OUTBOX_TABLE}.id`, 'desc')
      .limit(FAILED_LIST_LIMIT),
  ])
  return {
    count: Number(counted?.total ?? 0),
    mails: rows.map((row: OutboxRow & { member_number: string | null; member_name: string }) => ({
      ...toRecord(row),
      member:
        row.member_id !== null && row.member_number !== null
          ? { id: Number(row.member_id), memberNumber: row.member_number, name: row.member_name }
          : null,
    })),
  }
}

/**
 * Whether a member waiting for a mail of this kind should be told it is late: the latest such
 * mail (queued since `since`) has not been sent after a failed attempt, or failed, or expired.
 * Null while all is well (not tried yet, going now, or sent).
 */
export type MailDelay = 'delayed' | 'failed' | 'expired'

export async function mailDelayFor(
  memberId: number,
  kind: MailKind,
  since: DateTime
): Promise<MailDelay | null> {
  const row: Pick<OutboxRow, 'status' | 'smtp_response'> | null = await db
    .from(OUTBOX_TABLE)
    .select('status', 'smtp_response')
    .where('member_id', memberId)
    .where('kind', kind)
    .where('created_at', '>=', dbTimestamp(since))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .first()
  if (!row) return null
  const state = deliveryStateOf(row)
  if (state === 'retrying') return 'delayed'
  if (state === 'failed' || state === 'expired') return state
  return null
}
