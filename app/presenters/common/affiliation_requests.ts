import type { DateTime } from 'luxon'
import type AffiliationChangeRequest from '#models/affiliation_change_request'
import { AFFILIATION_REQUEST_STATUS_LABELS } from '#domain/workflows/affiliation_requests'
import { formatJapaneseDate, formatJapaneseDateTime } from '#domain/common/formatting'

/** An active affiliation as loadAffiliationOptions (app/domain/workflows/affiliation_options.ts) reads it. */
export interface AffiliationOption {
  id: number
  name: string
}

export interface AffiliationRequestSummary {
  id: number
  status: AffiliationChangeRequest['status']
  statusLabel: string
  fromName: string | null
  requestedName: string
  /** True when the member typed the name (not in the list). */
  requestedIsFreeText: boolean
  effectiveOn: string
  reason: string | null
  submittedAt: string
  decidedAt: string | null
  decisionNote: string | null
  /** After approval: the listed affiliation the member now belongs to. */
  approvedName: string | null
}

/** The member's 所属変更申請 page (member/affiliation_requests). */
export interface MemberAffiliationRequestsProps {
  currentAffiliation: string | null
  affiliations: AffiliationOption[]
  hasPending: boolean
  requests: AffiliationRequestSummary[]
}

/** Relations `fromAffiliation` and `requestedAffiliation` must be preloaded. */
export function presentAffiliationRequest(
  request: AffiliationChangeRequest
): AffiliationRequestSummary {
  const freeText = request.requestedAffiliationText
  return {
    id: request.id,
    status: request.status,
    statusLabel: AFFILIATION_REQUEST_STATUS_LABELS[request.status],
    fromName: request.fromAffiliation?.name ?? null,
    requestedName: freeText ?? request.requestedAffiliation?.name ?? '',
    requestedIsFreeText: freeText !== null,
    effectiveOn: formatJapaneseDate(request.effectiveOn),
    reason: request.reason,
    submittedAt: formatJapaneseDateTime(request.createdAt),
    decidedAt: request.decidedAt ? formatJapaneseDateTime(request.decidedAt) : null,
    decisionNote: request.decisionNote,
    approvedName:
      request.status === 'approved' ? (request.requestedAffiliation?.name ?? null) : null,
  }
}

export function isoDate(date: DateTime) {
  return date.toISODate() ?? ''
}
