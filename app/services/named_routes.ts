import router from '@adonisjs/core/services/router'
import type { RouteArgs, RouteName } from '../../inertia/app/routes.js'

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

export type { RouteName, RouteArgs }

/**
 * A named route's path, e.g. `routeUrl('staff.members.show', { id })`, with the query string
 * (`{ tab: 'account' }`; empty values left out). The name and params are typed from the route
 * map (inertia/app/route_map.ts), so a renamed route fails the typecheck; the URL itself is
 * made by the router.
 */
export function routeUrl<Name extends RouteName>(name: Name, ...[params, query]: RouteArgs<Name>) {
  const qs = query
    ? Object.fromEntries(
        Object.entries(query)
          .filter(([, v]) => v !== undefined && v !== null && v !== '' && v !== false)
          .map(([k, v]) => [k, v === true ? '1' : String(v)])
      )
    : undefined
  return namedRoutes().makeUrl(
    name,
    params ?? {},
    qs && Object.keys(qs).length ? { qs } : undefined
  )
}
