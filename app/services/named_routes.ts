import router from '@adonisjs/core/services/router'

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
