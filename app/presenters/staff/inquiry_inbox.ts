import { maskedFor } from '#domain/desk/identity_masking'
import type Inquiry from '#models/inquiry'
import type StaffUser from '#models/staff_user'
import type { ModelPaginatorContract } from '@adonisjs/lucid/types/model'
import { STAFF_INQUIRY_STATUS_LABELS } from '#domain/workflows/inquiries'
import type { InboxFilters } from '#domain/workflows/inquiry_inbox_query'
import {
  presentStaffInquiry,
  presentStaffMessage,
  type InquiryMessageView,
  type StaffInquirySummary,
} from '#presenters/common/inquiries'
import { presentPagination, type Pagination } from '#presenters/staff/pagination'
import { routeUrl } from '#services/named_routes'

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

export function presentStaffOptions(staff: StaffUser[]): StaffOption[] {
  return staff.map((user) => ({ id: user.id, name: user.name }))
}

/** `inquiries` as loadInquiryInbox (app/domain/workflows/inquiry_inbox_query.ts) gives them. */
export function presentInquiryInbox(
  filters: InboxFilters,
  inquiries: ModelPaginatorContract<Inquiry>,
  staff: StaffUser[]
): InquiryInboxProps {
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
    staffOptions: presentStaffOptions(staff),
    inquiries: inquiries.all().map(presentStaffInquiry),
    pagination: presentPagination(inquiries, routeUrl('staff.inquiries.index'), {
      status: filters.status === 'active' ? null : filters.status,
      assignee: filters.assignee,
    }),
  }
}

/** `masked`: an operator, who must not read the member's affiliation (identity_masking.ts). */
export function presentInquiryThread(
  inquiry: Inquiry,
  staff: StaffUser[],
  masked: boolean
): StaffInquiryThreadProps {
  return {
    inquiry: {
      ...presentStaffInquiry(inquiry),
      assignedStaffId: inquiry.assignedStaffId,
      memberAffiliation: inquiry.member.affiliation
        ? maskedFor(masked, inquiry.member.affiliation.name)
        : null,
    },
    messages: inquiry.messages.map((message) => presentStaffMessage(message, inquiry.member.name)),
    staffOptions: presentStaffOptions(staff),
  }
}
