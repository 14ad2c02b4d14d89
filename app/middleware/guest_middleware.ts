import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Log-in pages: someone already logged in to that area goes to its home page instead. */
export default class GuestMiddleware {
  async handle(ctx: HttpContext, next: NextFn, options: { area: 'member' | 'staff' }) {
    const guard = ctx.auth.use(options.area)
    if (await guard.check()) {
      return ctx.response
        .redirect()
        .toRoute(options.area === 'member' ? 'member.home' : 'staff.dashboard')
    }
    return next()
  }
}
