/**
 * What a refused form keeps of its input for the page that shows the errors:
 * the `old` flash (validateForm, controllers), the only one the pages read.
 * The session is stored on the server, but it must not grow with whatever a
 * client posts: never a password or the CSRF token, strings only, each cut at
 * the longest text the product accepts (a longer value is refused by its
 * validator anyway), and a cap on the total.
 */
export const FLASHED_VALUE_MAX = 4000 // お知らせ本文, the longest field (app/validators/staff/notice.ts)
export const FLASHED_INPUT_MAX = 16_000
const FLASHED_FIELDS_MAX = 50
const FLASHED_LIST_MAX = 50
const FIELD_NAME_MAX = 64

const NEVER_FLASHED = /password|^_csrf$|^_method$/i

export type FlashedInput = Record<string, string | string[]>

/** Cuts a string without leaving half of a surrogate pair at the end. */
function cut(value: string, max: number) {
  if (value.length <= max) return value
  const kept = value.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(kept) ? kept.slice(0, -1) : kept
}

export function boundedFlashedInput(input: unknown): FlashedInput {
  const kept: FlashedInput = {}
  if (!input || typeof input !== 'object' || Array.isArray(input)) return kept
  let budget = FLASHED_INPUT_MAX
  const take = (text: string) => {
    const part = cut(text, Math.min(FLASHED_VALUE_MAX, budget))
    budget -= part.length
    return part
  }
  let fields = 0
  for (const [name, value] of Object.entries(input)) {
    if (fields >= FLASHED_FIELDS_MAX || budget <= 0) break
    if (name.length > FIELD_NAME_MAX || NEVER_FLASHED.test(name)) continue
    if (typeof value === 'string') {
      kept[name] = take(value)
    } else if (Array.isArray(value)) {
      kept[name] = value
        .filter((item): item is string => typeof item === 'string')
        .slice(0, FLASHED_LIST_MAX)
        .map(take)
    } else {
      continue
    }
    fields += 1
  }
  return kept
}
