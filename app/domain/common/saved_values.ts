import type { LucidRow } from '@adonisjs/lucid/types/model'

/**
 * After a single UPDATE decided a counter in the database (`n = n + 1 … RETURNING`), the model
 * takes the written values as saved ones: a later save() of the same model (a password rehash,
 * another column) then does not write them back over what concurrent requests wrote since.
 */
export function keepAsSaved<T extends LucidRow>(
  row: T,
  values: Partial<Record<keyof T & string, unknown>>
) {
  for (const [key, value] of Object.entries(values)) {
    row.$attributes[key] = value
    row.$original[key] = value
  }
}
