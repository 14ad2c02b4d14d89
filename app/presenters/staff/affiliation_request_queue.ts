import type { ModelPaginatorContract } from '@adonisjs/lucid/types/model'
import type AffiliationChangeRequest from '#models/affiliation_change_request'
import type { QueueFilters } from '#domain/workflows/affiliation_request_queue_query'
import { AFFILIATION_REQUEST_STATUS_LABELS } from '#domain/workflows/affiliation_requests'
import {
  presentAffiliationRequest,
  type AffiliationOption,
  type AffiliationRequestSummary,
} from '#presenters/common/affiliation_requests'
import { presentPagination, type Pagination } from '#presenters/staff/pagination'
import { routeUrl } from '#services/named_routes'

/** The staff queue (staff/affiliation_requests/index). */
export interface AffiliationRequestQueueProps {
  filters: QueueFilters
  statusOptions: { value: string; label: string }[]
  affiliations: AffiliationOption[]
  requests: (AffiliationRequestSummary & { memberNumber: string; memberName: string })[]
  pagination: Pagination
}

/** One request to decide (staff/affiliation_requests/show). */
export interface AffiliationRequestDetailProps {
  request: AffiliationRequestSummary & {
    requestedAffiliationId: number | null
    decidedBy: string | null
  }
  member: {
    memberNumber: string
    name: string
    nameKana: string
    currentAffiliation: string | null
  }
  affiliations: AffiliationOption[]
}

/** `requests` as loadAffiliationRequestQueue (app/domain/workflows/…_queue_query.ts) gives them. */
export function presentAffiliationRequestQueue(
  filters: QueueFilters,
  requests: ModelPaginatorContract<AffiliationChangeRequest>,
  affiliations: AffiliationOption[]
): AffiliationRequestQueueProps {
  return {
    filters,
    statusOptions: [
      ...(['pending', 'approved', 'rejected'] as const).map((value) => ({
        value,
        label: AFFILIATION_REQUEST_STATUS_LABELS[value],
      })),
      { value: 'all', label: 'すべて' },
    ],
    affiliations,
    requests: requests.all().map((request) => ({
      ...presentAffiliationRequest(request),
      memberNumber: request.member.memberNumber,
      memberName: request.member.name,
    })),
    pagination: presentPagination(requests, routeUrl('staff.affiliation_requests.index'), {
      status: filters.status === 'pending' ? null : filters.status,
      affiliationId: filters.affiliationId,
      from: filters.from,
      to: filters.to,
    }),
  }
}

/** One request with what staff need to decide it, as loadAffiliationRequestDetail loads it. */
export function presentAffiliationRequestDetail(
  request: AffiliationChangeRequest,
  affiliations: AffiliationOption[]
): AffiliationRequestDetailProps {
  return {
    request: {
      ...presentAffiliationRequest(request),
      requestedAffiliationId: request.requestedAffiliationId,
      decidedBy: request.decidedBy?.name ?? null,
    },
    member: {
      memberNumber: request.member.memberNumber,
      name: request.member.name,
      nameKana: request.member.nameKana,
      currentAffiliation: request.member.affiliation?.name ?? null,
    },
    affiliations,
  }
}
