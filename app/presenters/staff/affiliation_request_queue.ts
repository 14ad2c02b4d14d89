import { DateTime } from 'luxon'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { AFFILIATION_REQUEST_STATUS_LABELS } from '#domain/workflows/affiliation_requests'
import {
  affiliationOptions,
  presentAffiliationRequest,
  type AffiliationOption,
  type AffiliationRequestSummary,
} from '#presenters/common/affiliation_requests'
import { pageFrom, presentPagination, type Pagination } from '#presenters/staff/pagination'
import { routeUrl } from '#services/named_routes'

const PER_PAGE = 20
const STATUSES = ['pending', 'approved', 'rejected', 'all'] as const

export interface QueueFilters {
  status: (typeof STATUSES)[number]
  affiliationId: number | null
  from: string
  to: string
}

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

function dateFrom(value: unknown): DateTime | null {
  if (typeof value !== 'string' || !value) return null
  const date = DateTime.fromISO(value, { zone: BUSINESS_ZONE })
  return date.isValid ? date.startOf('day') : null
}

/** Filters from the query string; anything malformed is ignored (never an error page). */
export function queueFilters(qs: Record<string, unknown>): QueueFilters {
  const status = STATUSES.includes(qs.status as any)
    ? (qs.status as QueueFilters['status'])
    : 'pending'
  const affiliationId = Number(qs.affiliationId)
  return {
    status,
    affiliationId: Number.isSafeInteger(affiliationId) && affiliationId > 0 ? affiliationId : null,
    from: dateFrom(qs.from)?.toISODate() ?? '',
    to: dateFrom(qs.to)?.toISODate() ?? '',
  }
}

/** The staff queue: filtered (status, affiliation involved, submission dates), paginated. */
export async function presentAffiliationRequestQueue(
  qs: Record<string, unknown>
): Promise<AffiliationRequestQueueProps> {
  const filters = queueFilters(qs)
  const query = AffiliationChangeRequest.query()
    .preload('member')
    .preload('fromAffiliation')
    .preload('requestedAffiliation')
  if (filters.status !== 'all') query.where('status', filters.status)
  if (filters.affiliationId) {
    const id = filters.affiliationId
    query.where((q) => q.where('requested_affiliation_id', id).orWhere('from_affiliation_id', id))
  }
  if (filters.from) query.where('created_at', '>=', dbTimestamp(dateFrom(filters.from)!))
  if (filters.to)
    query.where('created_at', '<', dbTimestamp(dateFrom(filters.to)!.plus({ days: 1 })))
  query.orderBy('created_at', filters.status === 'pending' ? 'asc' : 'desc').orderBy('id', 'asc')

  const paginator = await query.paginate(pageFrom(qs.page), PER_PAGE)
  return {
    filters,
    statusOptions: [
      ...(['pending', 'approved', 'rejected'] as const).map((value) => ({
        value,
        label: AFFILIATION_REQUEST_STATUS_LABELS[value],
      })),
      { value: 'all', label: 'すべて' },
    ],
    affiliations: await affiliationOptions(),
    requests: paginator.all().map((request) => ({
      ...presentAffiliationRequest(request),
      memberNumber: request.member.memberNumber,
      memberName: request.member.name,
    })),
    pagination: presentPagination(paginator, routeUrl('staff.affiliation_requests.index'), {
      status: filters.status === 'pending' ? null : filters.status,
      affiliationId: filters.affiliationId,
      from: filters.from,
      to: filters.to,
    }),
  }
}

/** One request with what staff need to decide it. */
export async function presentAffiliationRequestDetail(
  request: AffiliationChangeRequest
): Promise<AffiliationRequestDetailProps> {
  await request.load((loader) =>
    loader
      .load('member', (q) => q.preload('affiliation'))
      .load('fromAffiliation')
      .load('requestedAffiliation')
      .load('decidedBy')
  )
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
    affiliations: await affiliationOptions(),
  }
}
