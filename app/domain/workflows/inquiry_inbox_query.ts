import Inquiry from '#models/inquiry'
import StaffUser from '#models/staff_user'
import { staffMay } from '#policies/staff_permissions'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/** The staff inbox's reads: the filtered threads, one thread with its messages, the assignees. */

export const INBOX_PER_PAGE = 25
const STATUSES = ['active', 'open', 'answered', 'closed', 'all'] as const

export interface InboxFilters {
  status: (typeof STATUSES)[number]
  /** 'me', 'none', a staff id as text, or '' for anyone. */
  assignee: string
}

/** Filters from the query string; anything malformed is ignored (never an error page). */
export function inboxFilters(qs: Record<string, unknown>): InboxFilters {
  const status = (STATUSES as readonly unknown[]).includes(qs.status)
    ? (qs.status as InboxFilters['status'])
    : 'active'
  const assignee =
    typeof qs.assignee === 'string' && /^(me|none|\d+)$/.test(qs.assignee) ? qs.assignee : ''
  return { status, assignee }
}

/** Active staff who may answer inquiries (the assignee choices), by name. */
export async function loadInquiryStaff(): Promise<StaffUser[]> {
  const staff = await StaffUser.query().where('is_active', true).orderBy('name', 'asc')
  return staff.filter((user) => staffMay(user, 'answerInquiries'))
}

/** One page of the inbox; `member` and `assignedStaff` preloaded. */
export async function loadInquiryInbox(filters: InboxFilters, page: number, viewerId: number) {
  const query = Inquiry.query().preload('member').preload('assignedStaff')
  if (filters.status === 'active') query.whereIn('status', ['open', 'answered'])
  else if (filters.status !== 'all') query.where('status', filters.status)
  if (filters.assignee === 'me') query.where('assigned_staff_id', viewerId)
  else if (filters.assignee === 'none') query.whereNull('assigned_staff_id')
  else if (filters.assignee) query.where('assigned_staff_id', Number(filters.assignee))
  // Waiting for an answer first, then the most recent.
  query
    .orderByRaw("case when status = 'open' then 0 else 1 end")
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')

  const inquiries = await query.paginate(page, INBOX_PER_PAGE)
  return { inquiries, staff: await loadInquiryStaff() }
}

/** The thread with the member (and affiliation), the assignee and the messages in order. */
export async function loadInquiryThread(inquiry: Inquiry) {
  await inquiry.load((loader) =>
    loader
      .load('member', (q) => q.preload('affiliation'))
      .load('assignedStaff')
      .load('messages', (q) =>
        q.preload('staffUser').orderBy('created_at', 'asc').orderBy('id', 'asc')
      )
  )
  return { inquiry, staff: await loadInquiryStaff() }
}

/**
 * A thread holds what a member wrote about themself: opening it is an audited read, recorded
 * before the thread is loaded.
 */
export async function openInquiryThread(input: {
  /** The route parameter as given (not found: 404). */
  inquiryId: number | string
  staffUserId: number
  origin: RequestOrigin
}) {
  const inquiry = await Inquiry.findOrFail(input.inquiryId)
  await recordAudit({
    action: 'staff.inquiry.view',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: input.staffUserId,
    memberId: inquiry.memberId,
    origin: input.origin,
    details: { inquiryId: inquiry.id },
  })
  return loadInquiryThread(inquiry)
}
