import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errors as bouncerErrors } from '@adonisjs/bouncer'
import type { errors as vineErrors } from '@vinejs/vine'
import { refusedQueryRedirect } from '#domain/common/query_filters'
import { UnencodableCharactersError } from '#documents/shift_jis'

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
      // The handler's return value is not sent: send the rendered page itself.
      ctx.response.status(403).send(await ctx.inertia.render('errors/forbidden'))
      return
    }
    // A Shift_JIS download with a character Shift_JIS cannot carry: back to the page, saying
    // which and where, instead of a file with `?` in it.
    if (error instanceof UnencodableCharactersError && ctx.session) {
      ctx.session.flash(
        'error',
        `Shift_JISで表せない文字があるため、Shift_JISでは出力できません（${error.describe()}）。文字コードを「UTF-8」にして出力してください。`
      )
      return ctx.response.redirect(
        refusedQueryRedirect({
          path: ctx.request.url(),
          hasQuery: false,
          referer: ctx.request.header('referer'),
          host: ctx.request.host() ?? undefined,
        })
      )
    }
    return super.handle(error, ctx)
  }

  /**
   * A refused form goes back to the page that sent it (the session's default: Referer, or '/').
   * For a GET without a usable Referer (a bookmark, a typed URL, JavaScript off) '/' is the
   * member log-in page: staff stay in their area instead, on the page without the bad query.
   */
  async renderValidationErrorAsHTML(
    error: InstanceType<typeof vineErrors.E_VALIDATION_ERROR>,
    ctx: HttpContext
  ) {
    const { request, session, response } = ctx
    if (request.method() !== 'GET' || !session) {
      return super.renderValidationErrorAsHTML(error, ctx)
    }
    session.flashValidationErrors(error)
    session.flash('error', '検索条件に誤りがあります。各項目の説明に従って入力し直してください。')
    const [, query] = request.url(true).split('?')
    return response.redirect(
      refusedQueryRedirect({
        path: request.url(),
        hasQuery: Boolean(query),
        referer: request.header('referer'),
        host: request.host() ?? undefined,
      })
    )
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
