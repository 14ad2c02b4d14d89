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

/** The names of the routes without params (a menu's entries, for instance). */
export type StaticRouteName = {
  [Name in RouteName]: [RouteParamName<Name>] extends [never] ? Name : never
}[RouteName]

export type RouteParams<Name extends RouteName> = { [P in RouteParamName<Name>]: string | number }

/** A query string (see queryString). */
export type RouteQuery = Record<string, string | number | boolean | null | undefined>

/** The names of the routes with params. */
export type ParamRouteName = Exclude<RouteName, StaticRouteName>

/**
 * Two signatures rather than one conditional rest parameter: a wrong name or a missing params
 * object is then an error on the argument itself, which vue-tsc also reports inside a template
 * attribute (an arity error on a whole call there is not mapped back to the template).
 */
export interface RouteFunction {
  <Name extends StaticRouteName>(
    name: Name,
    params?: Record<string, never>,
    query?: RouteQuery
  ): string
  <Name extends ParamRouteName>(name: Name, params: RouteParams<Name>, query?: RouteQuery): string
}

export const route: RouteFunction = (
  name: RouteName,
  params?: Record<string, string | number>,
  query?: RouteQuery
) => {
  const entry = routeMap[name]
  if (!entry) throw new Error(`Unknown route "${name}"`)
  const values = params ?? {}
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
