import { maskedFor } from '#domain/desk/identity_masking'
import Inquiry from '#models/inquiry'
import StaffUser from '#models/staff_user'
import { STAFF_INQUIRY_STATUS_LABELS } from '#domain/workflows/inquiries'
import { staffMay } from '#policies/staff_permissions'
import {
  presentStaffInquiry,
  presentStaffMessage,
  type InquiryMessageView,
  type StaffInquirySummary,
} from '#presenters/common/inquiries'
import { pageFrom, presentPagination, type Pagination } from '#presenters/staff/pagination'
import { routeUrl } from '#services/named_routes'

const PER_PAGE = 25
const STATUSES = ['active', 'open', 'answered', 'closed', 'all'] as const

export interface InboxFilters {
  status: (typeof STATUSES)[number]
  /** 'me', 'none', a staff id as text, or '' for anyone. */
  assignee: string
}

export interface StaffOption {
  id: number
  name: string
}

/** The staff inbox (staff/inquiries/index). */
export interface InquiryInboxProps {
  filters: InboxFilters
  statusOptions: { value: string; label: string }[]
  staffOptions: StaffOption[]
  inquiries: StaffInquirySummary[]
  pagination: Pagination
}

/** One thread (staff/inquiries/show). */
export interface StaffInquiryThreadProps {
  inquiry: StaffInquirySummary & {
    assignedStaffId: number | null
    memberAffiliation: string | null
  }
  messages: InquiryMessageView[]
  staffOptions: StaffOption[]
}

export function inboxFilters(qs: Record<string, unknown>): InboxFilters {
  const status = STATUSES.includes(qs.status as any)
    ? (qs.status as InboxFilters['status'])
    : 'active'
  const assignee =
    typeof qs.assignee === 'string' && /^(me|none|\d+)$/.test(qs.assignee) ? qs.assignee : ''
  return { status, assignee }
}

/** Staff who may answer inquiries (the assignee choices). */
export async function inquiryStaffOptions(): Promise<StaffOption[]> {
  const staff = await StaffUser.query().where('is_active', true).orderBy('name', 'asc')
  return staff
    .filter((user) => staffMay(user, 'answerInquiries'))
    .map((user) => ({ id: user.id, name: user.name }))
}

export async function presentInquiryInbox(
  qs: Record<string, unknown>,
  viewer: StaffUser
): Promise<InquiryInboxProps> {
  const filters = inboxFilters(qs)
  const query = Inquiry.query().preload('member').preload('assignedStaff')
  if (filters.status === 'active') query.whereIn('status', ['open', 'answered'])
  else if (filters.status !== 'all') query.where('status', filters.status)
  if (filters.assignee === 'me') query.where('assigned_staff_id', viewer.id)
  else if (filters.assignee === 'none') query.whereNull('assigned_staff_id')
  else if (filters.assignee) query.where('assigned_staff_id', Number(filters.assignee))
  // Waiting for an answer first, then the most recent.
  query
    .orderByRaw("case when status = 'open' then 0 else 1 end")
    .orderBy('last_message_at', 'desc')
    .orderBy('id', 'desc')

  const paginator = await query.paginate(pageFrom(qs.page), PER_PAGE)
  return {
    filters,
    statusOptions: [
      { value: 'active', label: '未完了（未回答・回答済み）' },
      ...(['open', 'answered', 'closed'] as const).map((value) => ({
        value,
        label: STAFF_INQUIRY_STATUS_LABELS[value],
      })),
      { value: 'all', label: 'すべて' },
    ],
    staffOptions: await inquiryStaffOptions(),
    inquiries: paginator.all().map(presentStaffInquiry),
    pagination: presentPagination(paginator, routeUrl('staff.inquiries.index'), {
      status: filters.status === 'active' ? null : filters.status,
      assignee: filters.assignee,
    }),
  }
}

/** `masked`: an operator, who must not read the member's affiliation (identity_masking.ts). */
export async function presentInquiryThread(
  inquiry: Inquiry,
  masked: boolean
): Promise<StaffInquiryThreadProps> {
  await inquiry.load((loader) =>
    loader
      .load('member', (q) => q.preload('affiliation'))
      .load('assignedStaff')
      .load('messages', (q) =>
        q.preload('staffUser').orderBy('created_at', 'asc').orderBy('id', 'asc')
      )
  )
  return {
    inquiry: {
      ...presentStaffInquiry(inquiry),
      assignedStaffId: inquiry.assignedStaffId,
      memberAffiliation: inquiry.member.affiliation
        ? maskedFor(masked, inquiry.member.affiliation.name)
        : null,
    },
    messages: inquiry.messages.map((message) => presentStaffMessage(message, inquiry.member.name)),
    staffOptions: await inquiryStaffOptions(),
  }
}
