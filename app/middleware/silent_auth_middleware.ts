import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Public pages show "ログイン中" links when a member is logged in, without requiring it. */
export default class SilentAuthMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const guard = ctx.auth.use('member')
    await guard.check()
    // The layouts read the member's name (presenters/viewer.ts needs `account.member`).
    if (guard.user) await guard.user.load('member')
    return next()
  }
}
