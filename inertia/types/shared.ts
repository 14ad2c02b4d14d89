/** Props every page receives (config/inertia.ts sharedData). */
export type Viewer =
  | { area: 'member'; name: string; memberNumber: string }
  | {
      area: 'staff'
      name: string
      role: 'operator' | 'clerk' | 'admin'
      roleLabel: string
      menu: { href: string; label: string }[]
    }
  | null

export interface SharedProps {
  viewer: Viewer
  flash: { success: string | null; error: string | null }
  old: Record<string, string>
  errors: Record<string, string>
  csrfToken: string
  [key: string]: unknown
}

/** A paginated list's page links (app/presenters/pagination.ts presentPagination). */
export interface Pagination {
  total: number
  totalIsAtLeast: boolean
  page: number
  lastPage: number
  from: number
  to: number
  previousUrl: string | null
  nextUrl: string | null
}
