import db from '@adonisjs/lucid/services/db'
import { transaction } from '#services/transaction'
import MemberAccount from '#models/member_account'
import InquiryRepliedMail from '#mails/inquiry_replied_mail'
import { queueMail } from '#domain/mail/outbox'
import { DateTime } from 'luxon'
import Inquiry, { type InquiryStatus } from '#models/inquiry'
import InquiryMessage from '#models/inquiry_message'
import { dbTimestamp } from '#domain/common/db_time'
import StaffUser from '#models/staff_user'
import { staffMay } from '#policies/staff_permissions'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * 連絡・お問い合わせ (SPEC "Member portal" / "Staff back-office"): a member writes (category +
 * message), staff reply in the same thread, either side adds messages; staff assign, close and
 * reopen. Status: open (waiting for the co-op), answered (staff replied last), closed.
 */

export const INQUIRY_CATEGORIES = {
  statement: '請求明細について',
  contribution: '出資金について',
  card: 'デジタル組合員証について',
  profile: '個人情報の変更について',
  affiliation: '所属（異動）について',
  login: 'ログイン・パスワードについて',
  other: 'その他',
} as const

export type InquiryCategory = keyof typeof INQUIRY_CATEGORIES
export const INQUIRY_CATEGORY_CODES = Object.keys(INQUIRY_CATEGORIES) as InquiryCategory[]

export function inquiryCategoryLabel(code: string): string {
  return INQUIRY_CATEGORIES[code as InquiryCategory] ?? 'その他'
}

/** What members see. */
export const MEMBER_INQUIRY_STATUS_LABELS: Record<InquiryStatus, string> = {
  open: '回答待ち',
  answered: '回答あり',
  closed: '対応終了',
}

/** What staff see. */
export const STAFF_INQUIRY_STATUS_LABELS: Record<InquiryStatus, string> = {
  open: '未回答',
  answered: '回答済み',
  closed: '完了',
}

export const INQUIRY_MESSAGE_MAX = 2000
const SUBJECT_MAX = 40

/** The thread's subject: the first line of the first message, shortened. */
export function subjectFrom(body: string): string {
  const firstLine = body.trim().split(/\r?\n/)[0].trim()
  return firstLine.length > SUBJECT_MAX ? `${firstLine.slice(0, SUBJECT_MAX)}…` : firstLine
}

/** Line endings unified, surrounding blank space removed. */
export function normalizeMessage(body: string): string {
  return body.replace(/\r\n?/g, '\n').trim()
}

export async function openInquiry(
  memberId: number,
  input: { category: InquiryCategory; body: string }
): Promise<Inquiry> {
  return transaction(async (trx) => {
    const now = DateTime.utc()
    const inquiry = await Inquiry.create(
      {
        memberId,
        category: input.category,
        subject: subjectFrom(input.body),
        status: 'open',
        assignedStaffId: null,
        lastMessageAt: now,
      },
      { client: trx }
    )
    await InquiryMessage.create(
      { inquiryId: inquiry.id, authorType: 'member', staffUserId: null, body: input.body },
      { client: trx }
    )
    return inquiry
  })
}

/** A member's follow-up: the thread waits for the co-op again (a closed one reopens). */
export async function addMemberMessage(inquiry: Inquiry, body: string) {
  await transaction(async (trx) => {
    await InquiryMessage.create(
      { inquiryId: inquiry.id, authorType: 'member', staffUserId: null, body },
      { client: trx }
    )
    inquiry.useTransaction(trx)
    inquiry.status = 'open'
    inquiry.lastMessageAt = DateTime.utc()
    await inquiry.save()
  })
}

/**
 * A staff reply: the thread is answered, taken by the replying staff if nobody had it, and
 * the member told by mail that a reply has arrived (the reply text itself is never mailed).
 * Resolves to whether a mail was queued (false: the member has no registered address).
 */
export async function replyAsStaff(inquiry: Inquiry, staffId: number, body: string) {
  return transaction(async (trx) => {
    await InquiryMessage.create(
      { inquiryId: inquiry.id, authorType: 'staff', staffUserId: staffId, body },
      { client: trx }
    )
    inquiry.useTransaction(trx)
    inquiry.status = 'answered'
    inquiry.assignedStaffId ??= staffId
    inquiry.lastMessageAt = DateTime.utc()
    await inquiry.save()

    const account = await MemberAccount.query({ client: trx })
      .where('member_id', inquiry.memberId)
      .preload('member')
      .first()
    if (!account?.email || account.registrationState !== 'registered') return false
    await queueMail(
      InquiryRepliedMail,
      [account.email, account.member.name, { id: inquiry.id, subject: inquiry.subject }],
      { memberId: inquiry.memberId, trx }
    )
    return true
  })
}

/** The staff reply (replyAsStaff) and its audit entry. */
export async function replyToInquiry(input: {
  inquiry: Inquiry
  staffId: number
  body: string
  origin: RequestOrigin
}): Promise<{ status: 'replied'; mailed: boolean }> {
  const { inquiry, staffId, origin } = input
  const mailed = await replyAsStaff(inquiry, staffId, input.body)
  await recordAudit({
    action: 'staff.inquiry.reply',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: staffId,
    memberId: inquiry.memberId,
    origin,
    details: { inquiryId: inquiry.id },
  })
  return { status: 'replied', mailed }
}

export async function assignInquiry(inquiry: Inquiry, staffId: number | null) {
  inquiry.assignedStaffId = staffId
  await inquiry.save()
}

export const NOT_ASSIGNABLE_MESSAGE = 'お問い合わせを担当できる職員を選んでください。'

/**
 * Assign a thread: 'me' (the acting staff), 'none', or a colleague by id, who must be able to
 * answer inquiries (a clerk cannot take one).
 */
export async function assignInquiryTo(input: {
  inquiry: Inquiry
  actorId: number
  assignee: 'me' | 'none' | string
}): Promise<{ status: 'assigned'; staffId: number | null } | { status: 'not_assignable' }> {
  const { inquiry, actorId, assignee } = input
  let staffId: number | null = null
  if (assignee === 'me') staffId = actorId
  else if (assignee !== 'none') {
    const target = await StaffUser.find(Number(assignee))
    if (!target || !staffMay(target, 'answerInquiries')) return { status: 'not_assignable' }
    staffId = target.id
  }
  await assignInquiry(inquiry, staffId)
  return { status: 'assigned', staffId }
}

export type StatusChange = 'close' | 'reopen'

/**
 * Close or reopen. Conditional, so a thread is not closed twice or reopened when open:
 * returns false when the thread was not in the state the action needs.
 */
export async function changeInquiryStatus(inquiryId: number, change: StatusChange) {
  const query = db.from('inquiries').where('id', inquiryId)
  if (change === 'close') query.whereNot('status', 'closed')
  else query.where('status', 'closed')
  const updated = await query.update({
    status: change === 'close' ? 'closed' : 'open',
    updated_at: dbTimestamp(),
  })
  return Number(Array.isArray(updated) ? updated[0] : updated) > 0
}
