import { routeMap } from './route_map.js'

/**
 * Named routes for the pages (and, as types, for the server and the tests): a URL is always
 * `route('member.statements.show', { month })`, never a literal path, so a renamed or removed
 * route is a type error (`npm run typecheck`), not a broken link. The map is generated from the
 * router (`node ace routes:map`); the build and a unit test fail when it is stale.
 */
export type RouteName = keyof typeof routeMap

/** The parameter names of a route, e.g. `'id'` for `staff.members.show`. */
export type RouteParamName<Name extends RouteName> = (typeof routeMap)[Name]['params'][number]

export type RouteParams<Name extends RouteName> = { [P in RouteParamName<Name>]: string | number }

/** A query string (see queryString). */
export type RouteQuery = Record<string, string | number | boolean | null | undefined>

/** The arguments after the name: the params object is required exactly when the route has some. */
export type RouteArgs<Name extends RouteName> = [RouteParamName<Name>] extends [never]
  ? [params?: Record<string, never>, query?: RouteQuery]
  : [params: RouteParams<Name>, query?: RouteQuery]

export function route<Name extends RouteName>(name: Name, ...[params, query]: RouteArgs<Name>) {
  const entry = routeMap[name]
  if (!entry) throw new Error(`Unknown route "${name}"`)
  const values = (params ?? {}) as Record<string, string | number>
  const path = entry.pattern.replace(/:([A-Za-z_]\w*)/g, (_, param: string) => {
    const value = values[param]
    if (value === undefined || value === null) {
      throw new Error(`Route "${name}" needs the param "${param}"`)
    }
    return encodeURIComponent(String(value))
  })
  return path + queryString(query)
}

/** `?a=1&b=x` (or '') from a query object: empty values and `false` are left out, `true` is 1. */
export function queryString(query: RouteQuery | undefined) {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === '' || value === false) continue
    search.set(key, value === true ? '1' : String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}
