import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors } from '@vinejs/vine'
import {
  FORBIDDEN_CHARACTER_MESSAGE,
  FORBIDDEN_CHARACTER_RULE,
  fieldsWithForbiddenCharacters,
  markForbiddenCharacters,
  MULTILINE_FIELDS,
} from '#domain/common/text_input'
import { typedInput } from '#validators/validate_form'

/**
 * Every text input of every area, checked once before any controller reads it: form and JSON
 * bodies and query strings (GET filters). A field holding a control character or a lone
 * surrogate is refused as a validation error, so it reaches the page next to its field exactly
 * like the schemas' own errors (a redirect back with the flashed messages, or 422 for a JSON
 * client), and no query ever sees the value. Doing it here rather than in each VineJS schema
 * also covers the fields a controller reads by hand and any field added later.
 */
export default class TextInputMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request } = ctx
    const fields = new Set([
      ...fieldsWithForbiddenCharacters(request.qs()),
      ...fieldsWithForbiddenCharacters(request.body()),
    ])
    if (fields.size === 0) return next()

    ctx.session?.flash('old', markedInput(ctx))
    throw new errors.E_VALIDATION_ERROR(
      [...fields].map((field) => ({
        field,
        message: FORBIDDEN_CHARACTER_MESSAGE,
        rule: FORBIDDEN_CHARACTER_RULE,
      }))
    )
  }
}

/** What was typed (never a password), with the refused characters made visible as �. */
function markedInput(ctx: HttpContext): Record<string, string> {
  const typed: Record<string, string> = {}
  for (const [key, value] of Object.entries(ctx.request.qs())) {
    if (typeof value === 'string' && !/password/i.test(key)) typed[key] = value
  }
  Object.assign(typed, typedInput(ctx))
  return Object.fromEntries(
    Object.entries(typed).map(([key, value]) => [
      key,
      markForbiddenCharacters(value, MULTILINE_FIELDS.has(key)),
    ])
  )
}
