import type { ApiResponse } from '@japa/api-client'

/** The first validation message flashed for a field ('' when none). */
export function fieldError(response: ApiResponse, field: string): string {
  const errors = response.flashMessage('errors') as Record<string, string[]> | undefined
  return errors?.[field]?.[0] ?? ''
}
