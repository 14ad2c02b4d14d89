import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { boundedFlashedInputs } from '#domain/flashed_input'

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
    if (flash && (flash.has('old') || flash.has('input'))) {
      const keys = ['old', 'input'].filter((key) => flash.has(key))
      const bounded = boundedFlashedInputs(...keys.map((key) => flash.get(key)))
      keys.forEach((key, index) => flash.set(key, bounded[index]))
    }
    return output
  }
}
