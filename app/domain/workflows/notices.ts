import { DateTime } from 'luxon'
import Notice from '#models/notice'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { foldWidth } from '#domain/common/japanese_text'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import type { AuditAction } from '#domain/audit/audit_actions'
import type { Infer } from '@vinejs/vine/types'
import type { noticeValidator } from '#validators/staff/notice'

/**
 * お知らせ (SPEC "Notices: publish/unpublish with dates"). Staff write a notice and give it a
 * publication window in Japan time; members see it on the home page while it is published and
 * inside the window (Notice.visibleAt). Times are stored in UTC.
 */

export type NoticeState = 'draft' | 'scheduled' | 'visible' | 'ended'

export const NOTICE_STATE_LABELS: Record<NoticeState, string> = {
  draft: '非公開',
  scheduled: '公開予定',
  visible: '公開中',
  ended: '掲載終了',
}

/** Matches Notice.visibleAt: published, started, and not yet ended. */
export function noticeState(
  notice: Pick<Notice, 'isPublished' | 'publishedFrom' | 'publishedUntil'>,
  now: DateTime
): NoticeState {
  if (!notice.isPublished) return 'draft'
  if (notice.publishedFrom > now) return 'scheduled'
  if (notice.publishedUntil && notice.publishedUntil <= now) return 'ended'
  return 'visible'
}

/**
 * A Japan-time input ('2026-12-01T09:00', '2026-12-01 09:00', '2026/12/01', full-width digits)
 * as a UTC DateTime, or null when it is not a real date and time. A date alone means 0:00.
 */
export function parseJapanDateTime(value: string): DateTime | null {
  const text = foldWidth(value).trim()
  const match = text.match(/^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?$/)
  if (!match) return null
  const [, year, month, day, hour, minute] = match
  const local = DateTime.fromObject(
    {
      year: Number(year),
      month: Number(month),
      day: Number(day),
      hour: hour ? Number(hour) : 0,
      minute: minute ? Number(minute) : 0,
    },
    { zone: BUSINESS_ZONE }
  )
  return local.isValid ? local.toUTC() : null
}

/** What a datetime-local field shows for a stored time: '2026-12-01T09:00' (Japan time). */
export function japanDateTimeInput(value: DateTime | null): string {
  return value ? value.setZone(BUSINESS_ZONE).toFormat("yyyy-MM-dd'T'HH:mm") : ''
}

export interface NoticeInput {
  title: string
  body: string
  publishedFrom: DateTime
  publishedUntil: DateTime | null
  isPublished: boolean
}

export function noticeWindowProblem(input: Pick<NoticeInput, 'publishedFrom' | 'publishedUntil'>) {
  if (input.publishedUntil && input.publishedUntil <= input.publishedFrom) {
    return '掲載終了日時は掲載開始日時より後にしてください。'
  }
  return null
}

/** Who acts on a notice and from where: every change to a notice is audited. */
export interface NoticeActor {
  staffId: number
  origin: RequestOrigin
}

async function auditNotice(action: AuditAction, notice: Notice, actor: NoticeActor) {
  await recordAudit({
    action,
    outcome: 'success',
    actorType: 'staff',
    staffUserId: actor.staffId,
    origin: actor.origin,
    details: { noticeId: notice.id },
  })
}

/** The form's validated fields as stored values (the fields hold UTC ISO times once validated). */
export function noticeValues(input: Infer<typeof noticeValidator>): NoticeInput {
  return {
    title: input.title,
    body: input.body,
    publishedFrom: DateTime.fromISO(input.publishedFrom, { zone: 'utc' }),
    publishedUntil: input.publishedUntil
      ? DateTime.fromISO(input.publishedUntil, { zone: 'utc' })
      : null,
    isPublished: input.isPublished ?? false,
  }
}

export type NoticeSaved =
  { status: 'saved'; notice: Notice } | { status: 'refused'; problem: string }

/** A new notice, unless its window ends before it starts. */
export async function createNotice(input: {
  input: Infer<typeof noticeValidator>
  actor: NoticeActor
}): Promise<NoticeSaved> {
  const values = noticeValues(input.input)
  const problem = noticeWindowProblem(values)
  if (problem) return { status: 'refused', problem }
  const notice = await Notice.create({ ...values, createdByStaffId: input.actor.staffId })
  await auditNotice('staff.notice.create', notice, input.actor)
  return { status: 'saved', notice }
}

/** The notice's new text and window, unless the window ends before it starts. */
export async function updateNotice(input: {
  notice: Notice
  input: Infer<typeof noticeValidator>
  actor: NoticeActor
}): Promise<NoticeSaved> {
  const { notice } = input
  const values = noticeValues(input.input)
  const problem = noticeWindowProblem(values)
  if (problem) return { status: 'refused', problem }
  notice.merge(values)
  await notice.save()
  await auditNotice('staff.notice.update', notice, input.actor)
  return { status: 'saved', notice }
}

export async function setNoticePublished(input: {
  notice: Notice
  published: boolean
  actor: NoticeActor
}) {
  const { notice, published } = input
  notice.isPublished = published
  await notice.save()
  await auditNotice(
    published ? 'staff.notice.publish' : 'staff.notice.unpublish',
    notice,
    input.actor
  )
  return notice
}

/** Every notice for the staff list, the latest window first. */
export async function listNotices() {
  return Notice.query().orderBy('published_from', 'desc').orderBy('id', 'desc')
}
