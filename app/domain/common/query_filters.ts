import { sameSitePath } from '#domain/auth/safe_redirect'
import { routeUrl } from '#services/named_routes'

/**
 * Filters in the query string (search, audit log, lists): an empty or blank field is a filter
 * that is not set, as a GET form without JavaScript sends every empty input as `field=`.
 */
export function withoutBlankFields(qs: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(qs)) {
    if (typeof value === 'string' && value.trim() === '') continue
    kept[key] = value
  }
  return kept
}

const STAFF_AREA = /^\/staff(\/|$|\?)/

/**
 * Where a GET whose query string was refused goes back to, with the field errors flashed.
 * The Referer when it is a page of this site in the same area (the form that sent it);
 * otherwise the same page without the query string, or the area's top page when there was
 * no query string. Never the member log-in page for staff: '/' is the member area.
 */
export function refusedQueryRedirect(request: {
  path: string
  hasQuery: boolean
  referer: string | undefined
  host: string | undefined
}): string {
  const inStaffArea = STAFF_AREA.test(request.path)
  const back = refererPath(request.referer, request.host)
  if (back && STAFF_AREA.test(back) === inStaffArea) return back
  if (request.hasQuery) return request.path
  return inStaffArea ? routeUrl('staff.dashboard') : routeUrl('public.root')
}

function refererPath(referer: string | undefined, host: string | undefined): string | null {
  if (!referer) return null
  if (referer.startsWith('/')) return sameSitePath(referer)
  try {
    const url = new URL(referer)
    if (!host || url.host !== host) return null
    return sameSitePath(`${url.pathname}${url.search}`)
  } catch {
    return null
  }
}
