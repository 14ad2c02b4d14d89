import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Pages opened from a mailed link or the card QR: their path holds the token (or the development mailbox,
 * which lists those links). They send no Referer at all, so the token cannot travel with a
 * request the page makes, even to this site's own logs.
 */
const NO_REFERRER_ROUTES = new Set([
  'public.password.edit',
  'public.password.update',
  'public.register.confirm',
  'public.email.confirm',
  'public.notifications.unsubscribe',
  'public.notifications.unsubscribe.confirm',
  // The card QR's page: the signed code is in its path.
  'public.card_check.show',
  'development.mailbox.index',
  'development.mailbox.show',
])

/**
 * Pages that show a token, a code or a revealed value: never kept by the browser's cache or a
 * proxy (Back or a shared computer must not show them again). The phone-desk reveals, the
 * generated staff passwords, the TOTP enrolment and the downloads also set it themselves.
 */
const NO_STORE_ROUTES = new Set([
  ...NO_REFERRER_ROUTES,
  'public.login.code',
  'public.register.sent',
  'staff.login.code.show',
  'staff.security',
  'staff.security.enrol',
  'staff.phone_desk.initial_password',
  'staff.phone_desk.email',
  'staff.phone_desk.reveal_again',
  'staff.phone_desk.reissue',
  'staff.accounts.store',
  'staff.accounts.password',
  'staff.guide_letters.download',
])

/**
 * Referrer-Policy for every response: `same-origin` sends the full Referer to this site only
 * (the validation errors' "back" needs it) and nothing to any other host; that is stricter than
 * `strict-origin-when-cross-origin`, and the portal links to no other host it would need to
 * tell. The mailed-link pages above say `no-referrer`.
 */
export default class PageHeadersMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const name = ctx.route?.name ?? ''
    ctx.response.header(
      'Referrer-Policy',
      NO_REFERRER_ROUTES.has(name) ? 'no-referrer' : 'same-origin'
    )
    if (NO_STORE_ROUTES.has(name)) ctx.response.header('Cache-Control', 'no-store, max-age=0')
    return next()
  }
}
