import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { withoutBlankFields } from '#domain/common/query_filters'

/**
 * A GET form submitted without JavaScript sends `field=` for every input left empty (the
 * Inertia form drops them, a plain browser does not). Filters are optional, so an empty
 * value must mean "not set" rather than an invalid date or number: blank query fields are
 * removed before any validator sees them.
 */
export default class BlankQueryFieldsMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (ctx.request.method() === 'GET' || ctx.request.method() === 'HEAD') {
      ctx.request.updateQs(withoutBlankFields(ctx.request.qs()))
    }
    return next()
  }
}
