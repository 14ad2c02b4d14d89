/**
 * What a text field may contain. People type letters, digits, punctuation and (in a textarea)
 * line breaks and tabs; control characters and broken UTF-16 only arrive pasted from another
 * program or from a crafted request. PostgreSQL refuses NUL outright (a 500 where SQLite stored
 * it), a lone surrogate breaks e-mail parsing and UTF-8 encoding, and the others end up invisible
 * in pages, CSV exports and mails. So every field refuses them, with the same answer on both
 * databases, before anything reads the value.
 */

export const FORBIDDEN_CHARACTER_MESSAGE =
  '使用できない文字（制御文字など）が含まれています。その文字を削除して、もう一度入力してください。'

/** The rule name reported with the message (JSON clients get it in `errors[].rule`). */
export const FORBIDDEN_CHARACTER_RULE = 'plainText'

/**
 * Fields entered in a textarea (inquiry bodies, replies, notice bodies, request and rejection
 * reasons): they keep tab, CR and LF. Every other field is one line. A unit test checks that
 * every textarea of the pages is listed here.
 */
export const MULTILINE_FIELDS: ReadonlySet<string> = new Set(['body', 'reason'])

// C0 controls, DEL and C1 controls (matching them is the point of these expressions); the
// multi-line variant lets tab, LF and CR through.
// eslint-disable-next-line no-control-regex
const SINGLE_LINE_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g
// eslint-disable-next-line no-control-regex
const MULTILINE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g

function controlsFor(multiline: boolean): RegExp {
  return multiline ? MULTILINE_CONTROLS : SINGLE_LINE_CONTROLS
}

/** True when the value has a control character (tab/CR/LF allowed when multi-line) or a lone surrogate. */
export function hasForbiddenCharacter(value: string, multiline: boolean): boolean {
  const controls = controlsFor(multiline)
  controls.lastIndex = 0
  return !value.isWellFormed() || controls.test(value)
}

/**
 * The value with each forbidden character replaced by U+FFFD (�), so the form shown again
 * keeps what was typed and the person sees where the invisible character was.
 */
export function markForbiddenCharacters(value: string, multiline: boolean): string {
  return value.toWellFormed().replace(controlsFor(multiline), '\ufffd')
}

/**
 * The top-level fields of a request body or query string that hold a forbidden character,
 * at any depth (arrays and nested objects are reported under the field that holds them).
 */
export function fieldsWithForbiddenCharacters(input: Record<string, unknown>): string[] {
  return Object.entries(input)
    .filter(([field, value]) => holdsForbidden(value, MULTILINE_FIELDS.has(field)))
    .map(([field]) => field)
}

function holdsForbidden(value: unknown, multiline: boolean): boolean {
  if (typeof value === 'string') return hasForbiddenCharacter(value, multiline)
  if (Array.isArray(value)) return value.some((item) => holdsForbidden(item, multiline))
  if (value && typeof value === 'object') {
    return Object.entries(value).some(
      ([key, item]) => hasForbiddenCharacter(key, false) || holdsForbidden(item, multiline)
    )
  }
  return false
}
