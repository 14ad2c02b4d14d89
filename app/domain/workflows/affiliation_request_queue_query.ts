import { DateTime } from 'luxon'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import { BUSINESS_ZONE } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { loadAffiliationOptions } from '#domain/workflows/affiliation_options'

/** The staff queue's reads: the filtered requests and one request with what deciding needs. */

export const QUEUE_PER_PAGE = 20
const STATUSES = ['pending', 'approved', 'rejected', 'all'] as const

export interface QueueFilters {
  status: (typeof STATUSES)[number]
  affiliationId: number | null
  from: string
  to: string
}

function dateFrom(value: unknown): DateTime | null {
  if (typeof value !== 'string' || !value) return null
  const date = DateTime.fromISO(value, { zone: BUSINESS_ZONE })
  return date.isValid ? date.startOf('day') : null
}

/** Filters from the query string; anything malformed is ignored (never an error page). */
export function queueFilters(qs: Record<string, unknown>): QueueFilters {
  const status = (STATUSES as readonly unknown[]).includes(qs.status)
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

/**
 * One page of the queue (status, affiliation involved, submission dates) with `member`,
 * `fromAffiliation` and `requestedAffiliation` preloaded, and the affiliation choices.
 */
export async function loadAffiliationRequestQueue(filters: QueueFilters, page: number) {
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

  const requests = await query.paginate(page, QUEUE_PER_PAGE)
  return { requests, affiliations: await loadAffiliationOptions() }
}

/** One request (not found: 404) with its member, both affiliations and who decided it. */
export async function loadAffiliationRequestDetail(id: number | string) {
  const request = await AffiliationChangeRequest.findOrFail(id)
  await request.load((loader) =>
    loader
      .load('member', (q) => q.preload('affiliation'))
      .load('fromAffiliation')
      .load('requestedAffiliation')
      .load('decidedBy')
  )
  return { request, affiliations: await loadAffiliationOptions() }
}
