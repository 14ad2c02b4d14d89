import type Inquiry from '#models/inquiry'
import type InquiryMessage from '#models/inquiry_message'
import {
  INQUIRY_CATEGORIES,
  MEMBER_INQUIRY_STATUS_LABELS,
  STAFF_INQUIRY_STATUS_LABELS,
  inquiryCategoryLabel,
} from '#domain/workflows/inquiries'
import { formatJapaneseDateTime } from '#domain/common/formatting'

export interface InquiryCategoryOption {
  value: string
  label: string
}

export const inquiryCategoryOptions = (): InquiryCategoryOption[] =>
  Object.entries(INQUIRY_CATEGORIES).map(([value, label]) => ({ value, label }))

export interface InquirySummary {
  id: number
  subject: string
  categoryLabel: string
  status: Inquiry['status']
  statusLabel: string
  lastMessageAt: string
}

export interface InquiryMessageView {
  id: number
  fromStaff: boolean
  author: string
  body: string
  at: string
}

/** The member's inquiry pages (member/inquiries/index, new, show). */
export interface MemberInquiryListProps {
  inquiries: InquirySummary[]
}

export interface NewInquiryProps {
  categories: InquiryCategoryOption[]
}

export interface MemberInquiryProps {
  inquiry: InquirySummary
  messages: InquiryMessageView[]
}

export function presentMemberInquiry(inquiry: Inquiry): InquirySummary {
  return {
    id: inquiry.id,
    subject: inquiry.subject,
    categoryLabel: inquiryCategoryLabel(inquiry.category),
    status: inquiry.status,
    statusLabel: MEMBER_INQUIRY_STATUS_LABELS[inquiry.status],
    lastMessageAt: formatJapaneseDateTime(inquiry.lastMessageAt),
  }
}

/** Members see "学生協" for every staff reply, never a staff member's name. */
export function presentMemberMessage(message: InquiryMessage): InquiryMessageView {
  return {
    id: message.id,
    fromStaff: message.authorType === 'staff',
    author: message.authorType === 'staff' ? '学生協' : 'あなた',
    body: message.body,
    at: formatJapaneseDateTime(message.createdAt),
  }
}

export interface StaffInquirySummary extends InquirySummary {
  memberNumber: string
  memberName: string
  assigneeName: string | null
}

/** `member` and `assignedStaff` must be preloaded. */
export function presentStaffInquiry(inquiry: Inquiry): StaffInquirySummary {
  return {
    ...presentMemberInquiry(inquiry),
    statusLabel: STAFF_INQUIRY_STATUS_LABELS[inquiry.status],
    memberNumber: inquiry.member.memberNumber,
    memberName: inquiry.member.name,
    assigneeName: inquiry.assignedStaff?.name ?? null,
  }
}

/** `staffUser` must be preloaded for staff messages. */
export function presentStaffMessage(message: InquiryMessage, memberName: string) {
  return {
    id: message.id,
    fromStaff: message.authorType === 'staff',
    author:
      message.authorType === 'staff'
        ? `職員：${message.staffUser?.name ?? '（削除された職員）'}`
        : `組合員：${memberName}`,
    body: message.body,
    at: formatJapaneseDateTime(message.createdAt),
  }
}
