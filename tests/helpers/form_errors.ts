import type { ApiResponse } from '@japa/api-client'

/**
 * The field errors a refused form flashed (what the next page shows next to each field):
 * VineJS errors (inputErrorsBag) and errors the controller flashed itself (errorsBag).
 */
export function fieldErrors(response: ApiResponse): Record<string, string> {
  const flash = (response.flashMessages() ?? {}) as Record<string, any>
  const errors: Record<string, string> = {}
  for (const [field, messages] of Object.entries(flash.inputErrorsBag ?? {})) {
    errors[field] = Array.isArray(messages) ? messages[0] : String(messages)
  }
  for (const [field, message] of Object.entries(flash.errorsBag ?? {})) {
    if (field !== 'E_VALIDATION_ERROR') errors[field] = String(message)
  }
  return errors
}
