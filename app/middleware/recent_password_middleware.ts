import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { passwordRecentlyEntered } from '#domain/auth/password_reentry'
import { sameSitePath } from '#domain/auth/safe_redirect'
import { routeUrl } from '#services/named_routes'

/**
 * Sensitive changes (e-mail, password, profile) need a password entered in the
 * last 15 minutes: at log-in or on the confirm page (member.confirm_password.show). Otherwise a GET
 * goes to the confirm page and comes back to the same path; a POST (whose
 * data cannot be replayed) comes back to the form page it was sent from.
 * Use after `memberArea`.
 */
export default class RecentPasswordMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    if (passwordRecentlyEntered(ctx)) return next()

    const back =
      ctx.request.method() === 'GET' ? sameSitePath(ctx.request.url(true)) : refererPath(ctx)
    const query = back ? `?next=${encodeURIComponent(back)}` : ''
    return ctx.response.redirect(`${routeUrl('member.confirm_password.show')}${query}`)
  }
}

function refererPath(ctx: HttpContext): string | null {
  const referer = ctx.request.header('referer')
  if (!referer) return null
  try {
    const url = new URL(referer)
    if (url.host !== ctx.request.host()) return null
    return sameSitePath(`${url.pathname}${url.search}`)
  } catch {
    return null
  }
}
