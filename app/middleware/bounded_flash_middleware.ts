import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { boundedFlashedInput } from '#domain/common/flashed_input'

/**
 * Runs inside the session middleware, so after the request (and after the
 * exception handler flashed a refused form) and before the session is saved.
 *
 * AdonisJS flashes the whole request body as `input` on a validation or CSRF
 * error, and the session spreads those fields over the flash messages when it
 * saves them: a posted field named `error` or `errorsBag` became the next
 * page's 「エラー」 banner or field errors, even from a form on another site
 * (refused for its CSRF token, flashed all the same). The pages never read
 * `input` (they read `old`), so it is dropped; `old` is bounded.
 */
export default class BoundedFlashMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const output = await next()
    const flash = ctx.session?.responseFlashMessages
    if (flash?.has('input')) flash.unset('input')
    if (flash?.has('old')) flash.set('old', boundedFlashedInput(flash.get('old')))
    return output
  }
}
