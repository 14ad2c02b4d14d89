import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { boundedFlashedInput } from '#domain/flashed_input'

/**
 * Runs inside the session middleware, so after the request (and after the
 * exception handler flashed a refused form's input) and before the session is
 * saved: whatever flashed the input (validation and CSRF errors flash the whole
 * body, controllers flash `old`), only a bounded copy is stored.
 */
export default class BoundedFlashMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const output = await next()
    const flash = ctx.session?.responseFlashMessages
    if (flash && !flash.isEmpty) {
      for (const key of ['input', 'old']) {
        if (flash.has(key)) flash.set(key, boundedFlashedInput(flash.get(key)))
      }
    }
    return output
  }
}
