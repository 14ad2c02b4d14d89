import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errors as bouncerErrors } from '@adonisjs/bouncer'

export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction

  /** Japanese error pages everywhere; in development a crash still shows its stack trace. */
  protected renderStatusPages = true

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': (_, { inertia }) => inertia.render('errors/forbidden'),
    '404': (_, { inertia }) => inertia.render('errors/not_found'),
    '429': (_, { inertia }) => inertia.render('errors/too_many_requests'),
    ...(app.inProduction || app.inTest
      ? {
          '500..599': ((_, { inertia }) =>
            inertia.render('errors/server_error')) as StatusPageRenderer,
        }
      : {}),
  }

  async handle(error: unknown, ctx: HttpContext) {
    // Bouncer answers a bare "Access denied"; staff get the Japanese 403 page instead.
    if (error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) {
      // The handler's return value is not sent: write the rendered page into the response.
      return ctx.response.status(403).send(await ctx.inertia.render('errors/forbidden'))
    }
    return super.handle(error, ctx)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
