import type { HttpContext } from '@adonisjs/core/http'
import { errors, type VineValidator } from '@vinejs/vine'
import type { Infer, SchemaTypes } from '@vinejs/vine/types'

/**
 * Validates a form and, when it is refused, keeps what was typed (as the shared `old` prop) so
 * the re-rendered form loses nothing, with or without JavaScript. Never keeps a password.
 */
export async function validateForm<Schema extends SchemaTypes>(
  ctx: HttpContext,
  validator: VineValidator<Schema, undefined>
): Promise<Infer<Schema>> {
  try {
    return await (validator as VineValidator<Schema, any>).validate(ctx.request.all())
  } catch (error) {
    if (error instanceof errors.E_VALIDATION_ERROR) ctx.session.flash('old', typedInput(ctx))
    throw error
  }
}

/** The submitted text fields, without the CSRF token or anything password-like. */
export function typedInput(ctx: HttpContext): Record<string, string> {
  const kept: Record<string, string> = {}
  for (const [key, value] of Object.entries(ctx.request.body())) {
    if (key === '_csrf' || /password/i.test(key)) continue
    if (typeof value === 'string') kept[key] = value
  }
  return kept
}
