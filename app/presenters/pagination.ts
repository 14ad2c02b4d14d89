import type { ModelPaginatorContract } from '@adonisjs/lucid/types/model'
import type { LucidRow } from '@adonisjs/lucid/types/model'

export interface PageLinks {
  total: number
  currentPage: number
  lastPage: number
  previousUrl: string | null
  nextUrl: string | null
}

/** Keeps the list's filters in the query string of the previous/next links. */
export function pageLinks(
  paginator: ModelPaginatorContract<LucidRow>,
  basePath: string,
  filters: Record<string, string | number | null | undefined>
): PageLinks {
  const urlFor = (page: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(filters)) {
      if (value !== null && value !== undefined && value !== '') params.set(key, String(value))
    }
    if (page > 1) params.set('page', String(page))
    const query = params.toString()
    return query ? `${basePath}?${query}` : basePath
  }
  const current = paginator.currentPage
  return {
    total: paginator.total,
    currentPage: current,
    lastPage: paginator.lastPage,
    previousUrl: current > 1 ? urlFor(current - 1) : null,
    nextUrl: current < paginator.lastPage ? urlFor(current + 1) : null,
  }
}

export function pageFrom(value: unknown): number {
  const page = Number(value)
  return Number.isSafeInteger(page) && page >= 1 ? page : 1
}
