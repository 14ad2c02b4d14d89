/**
 * Page links for a paginated list, built on the server from the current filters so the whole
 * state lives in the query string (bookmarks, back button and JavaScript-off all work).
 */
export interface Pagination {
  total: number
  /** The count stopped at `total` (app/domain/common/bounded_pages.ts): there are more. */
  totalIsAtLeast: boolean
  page: number
  lastPage: number
  from: number
  to: number
  previousUrl: string | null
  nextUrl: string | null
}

export function queryString(params: Record<string, string | number | boolean | null | undefined>) {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '' || value === false) continue
    search.set(key, value === true ? '1' : String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

export function presentPagination(
  paginator: {
    total: number
    currentPage: number
    lastPage: number
    perPage: number
    totalIsAtLeast?: boolean
  },
  path: string,
  filters: Record<string, string | number | boolean | null | undefined>
): Pagination {
  const { total, currentPage, lastPage, perPage } = paginator
  const url = (page: number) =>
    `${path}${queryString({ ...filters, page: page > 1 ? page : null })}`
  return {
    total,
    totalIsAtLeast: paginator.totalIsAtLeast ?? false,
    page: currentPage,
    lastPage: Math.max(1, lastPage),
    from: total === 0 ? 0 : (currentPage - 1) * perPage + 1,
    to: Math.min(total, currentPage * perPage),
    previousUrl: currentPage > 1 ? url(currentPage - 1) : null,
    nextUrl: currentPage < lastPage ? url(currentPage + 1) : null,
  }
}

/** The `page` query parameter as a page number (anything else is page 1). */
export function pageFrom(value: unknown): number {
  const page = Number(value)
  return Number.isSafeInteger(page) && page >= 1 ? page : 1
}
