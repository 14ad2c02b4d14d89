import db from '@adonisjs/lucid/services/db'
import type { DateTime } from 'luxon'
import type AffiliationChangeRequest from '#models/affiliation_change_request'
import { AFFILIATION_REQUEST_STATUS_LABELS } from '#domain/workflows/affiliation_requests'
import { formatJapaneseDate, formatJapaneseDateTime } from '#domain/common/formatting'

export interface AffiliationOption {
  id: number
  name: string
}

/** Active affiliations, in the order of their codes (the co-op's own order). */
export async function affiliationOptions(): Promise<AffiliationOption[]> {
  // Plain rows, not models: the co-op's ~400 schools hydrated as models (timestamps parsed
  // into luxon objects) cost ~10 ms of CPU on every page with the school list.
  const rows: { id: number; name: string }[] = await db
    .from('affiliations')
    .where('is_active', true)
    .orderBy('code', 'asc')
    .select('id', 'name')
  return rows.map((row) => ({ id: Number(row.id), name: row.name }))
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
