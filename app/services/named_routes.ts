import router from '@adonisjs/core/services/router'
import {
  queryString,
  type RouteFunction,
  type RouteName,
  type RouteQuery,
  type StaticRouteName,
} from '../../inertia/app/routes.js'

/**
 * The router, ready to make URLs of named routes, also where no HTTP server ever starts: the
 * outbox sender of `node ace mail:work` (and the test suites without a server) have the routes
 * preloaded but not committed, and an uncommitted router knows no route names. commit() is
 * idempotent: the web server's own commit at boot then changes nothing.
 */
export function namedRoutes() {
  router.commit()
  return router
}

export type { RouteName, StaticRouteName }

/**
 * A named route's path, e.g. `routeUrl('staff.members.show', { id })`, with a query string
 * (`{ tab: 'account' }`; empty values and `false` left out, `true` as 1). The name and params
 * are typed from the route map (inertia/app/route_map.ts), so a renamed route fails the
 * typecheck; the router makes the path, and the query is written as the pages write it
 * (queryString in inertia/app/routes.ts), so server and page URLs are the same strings.
 */
export const routeUrl: RouteFunction = (
  name: RouteName,
  params?: Record<string, string | number>,
  query?: RouteQuery
) => namedRoutes().makeUrl(name, params ?? {}) + queryString(query)
