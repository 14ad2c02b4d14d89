import iconv from 'iconv-lite'

/**
 * Shift_JIS (CP932) for the co-op's core system and older tools. What macOS, iOS and some IMEs
 * type is not always what Windows maps: U+2212 (minus), U+301C (wave dash) and others have a
 * CP932 counterpart under another code point, which is what a Windows user typing the same key
 * would have produced. Encoded as they are, iconv writes `?` for them.
 */
export const CP932_COUNTERPARTS: Readonly<Record<string, string>> = {
  '\u2212': '\uFF0D', // − MINUS SIGN -> － FULLWIDTH HYPHEN-MINUS
  '\u301C': '\uFF5E', // 〜 WAVE DASH -> ～ FULLWIDTH TILDE
  '\u2016': '\u2225', // ‖ DOUBLE VERTICAL LINE -> ∥ PARALLEL TO
  '\u00A2': '\uFFE0', // ¢ -> ￠
  '\u00A3': '\uFFE1', // £ -> ￡
  '\u00AC': '\uFFE2', // ¬ -> ￢
  '\u2014': '\u2015', // — EM DASH -> ― HORIZONTAL BAR
  '\u00A6': '\uFFE4', // ¦ -> ￤
}

const COUNTERPART_PATTERN = new RegExp(`[${Object.keys(CP932_COUNTERPARTS).join('')}]`, 'g')

/** Replaces the characters that have a CP932 counterpart by it. */
export function withCp932Counterparts(text: string): string {
  return text.replace(COUNTERPART_PATTERN, (char) => CP932_COUNTERPARTS[char])
}

/** 〓 (U+3013, ゲタ): the mark Japanese print uses for a character that cannot be set. */
export const GETA = '\u3013'

const encodable = new Map<string, boolean>()

/** Whether one character (a code point) survives CP932 both ways. */
export function isCp932Encodable(char: string): boolean {
  let known = encodable.get(char)
  if (known === undefined) {
    known = iconv.decode(iconv.encode(char, 'cp932'), 'cp932') === char
    encodable.set(char, known)
  }
  return known
}

export interface UnencodableCharacter {
  char: string
  /** 1-based line of the text (the CSV line, header included) */
  line: number
}

/** Characters that CP932 cannot carry even after the counterparts, with their lines (at most `limit`). */
export function unencodableCharacters(text: string, limit = 10): UnencodableCharacter[] {
  const found: UnencodableCharacter[] = []
  let line = 1
  for (const char of text) {
    if (char === '\n') {
      line++
      continue
    }
    // ASCII always maps; skip the lookup for the bulk of a CSV.
    if (char.charCodeAt(0) < 0x80) continue
    if (!isCp932Encodable(char)) {
      found.push({ char, line })
      if (found.length >= limit) break
    }
  }
  return found
}

/** Thrown instead of writing `?`: the caller says what could not be written, and where. */
export class UnencodableCharactersError extends Error {
  constructor(readonly characters: UnencodableCharacter[]) {
    super(`${characters.length} character(s) have no Shift_JIS form`)
  }

  /** 「3行目の「𠮷」、10行目の「😀」」 */
  describe(): string {
    return this.characters
      .slice(0, 3)
      .map(({ char, line }) => `${line}行目の「${char}」`)
      .join('、')
  }
}

/**
 * CP932 bytes of a text. Characters with a counterpart are mapped; any other character CP932
 * cannot carry is refused (UnencodableCharactersError), or, when asked for, written as 〓 —
 * never as a silent `?`.
 */
export function encodeShiftJis(text: string, options: { replaceUnencodable?: boolean } = {}) {
  const mapped = withCp932Counterparts(text)
  if (!options.replaceUnencodable) {
    const problems = unencodableCharacters(mapped)
    if (problems.length > 0) throw new UnencodableCharactersError(problems)
    return iconv.encode(mapped, 'cp932')
  }
  let replaced = ''
  for (const char of mapped) {
    replaced += char.charCodeAt(0) < 0x80 || isCp932Encodable(char) ? char : GETA
  }
  return iconv.encode(replaced, 'cp932')
}
