/**
 * Streaming CSV reader with physical line numbers (what staff see in an editor), CRLF or LF,
 * quoted fields (with "" escapes and line breaks inside quotes). Broken quoting is reported
 * for the record's first line and reading resumes on the next line, so one bad quote never
 * swallows the rest of the file. Blank lines are skipped.
 */
export interface CsvRecord {
  /** Line number (1-based) where the record starts. */
  line: number
  fields: string[]
  /** Set instead of fields when the record cannot be read. */
  error?: string
}

/**
 * A line or record longer than this is a broken file (a missing line break, an unclosed
 * quote), not data: real rows are under 1 KB. Reading stops keeping such a line as soon as it
 * passes the limit, so one 50 MB line costs one pass over its bytes, not a growing buffer
 * searched again at every chunk (that took 30–96 s).
 */
export const MAX_RECORD_CHARS = 64 * 1024

export const LINE_TOO_LONG_MESSAGE = `1行が長すぎます（最大${MAX_RECORD_CHARS.toLocaleString('en-US')}文字）。この行は読み飛ばしました。改行が抜けていないか、CSVファイルが壊れていないか確かめてください。`

const QUOTE = 34 // "
const COMMA = 44 // ,
const LF = 10
const CR = 13

type Parsed = { fields: string[]; end: number; lines: number } | { error: string } | null

/**
 * Parses one record with quotes starting at `start`. Returns null when the buffer ends before
 * the record does (more input needed), an error for broken quoting, or the fields, the index
 * after the record's line break and how many line breaks it spanned.
 */
function parseQuoted(text: string, start: number, final: boolean): Parsed {
  const fields: string[] = []
  let i = start
  let lines = 0
  const length = text.length
  while (true) {
    if (i < length && text.charCodeAt(i) === QUOTE) {
      // Quoted field.
      let value = ''
      let segment = i + 1
      i++
      while (true) {
        const q = text.indexOf('"', i)
        if (q === -1) {
          if (final || length - start > MAX_RECORD_CHARS) {
            return { error: '引用符（"）が閉じられていません。' }
          }
          return null
        }
        if (q + 1 >= length && !final) return null
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += text.slice(segment, q + 1)
          i = q + 2
          segment = i
          continue
        }
        value += text.slice(segment, q)
        i = q + 1
        break
      }
      for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) lines++
      fields.push(value)
      if (i < length && text.charCodeAt(i) === CR) i++
      if (i >= length) {
        if (!final) return null
        return { fields, end: i, lines }
      }
      const next = text.charCodeAt(i)
      if (next === COMMA) {
        i++
        continue
      }
      if (next === LF) return { fields, end: i + 1, lines: lines + 1 }
      return { error: '引用符（"）の後に区切りのカンマ以外の文字があります。' }
    }
    // Unquoted field: up to the next comma or line break.
    let j = i
    while (j < length) {
      const c = text.charCodeAt(j)
      if (c === COMMA || c === LF) break
      if (c === QUOTE) return { error: '引用符（"）の位置が正しくありません。' }
      j++
    }
    if (j >= length && !final) return null
    let value = text.slice(i, j)
    if (value.endsWith('\r')) value = value.slice(0, -1)
    fields.push(value)
    if (j >= length) return { fields, end: j, lines }
    if (text.charCodeAt(j) === COMMA) {
      i = j + 1
      continue
    }
    return { fields, end: j + 1, lines: lines + 1 }
  }
}

/**
 * Reads records from text chunks, yielding them in arrays (fewer async steps per row).
 */
export async function* readCsv(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let buffer = ''
  let line = 1
  /** Inside an over-long line already reported: its characters are dropped up to its end. */
  let skipping = false
  const consume = (final: boolean): CsvRecord[] => {
    const out: CsvRecord[] = []
    let pos = 0
    const length = buffer.length
    while (pos < length) {
      const newline = buffer.indexOf('\n', pos)
      if (newline === -1 && !final) {
        // Its end has not arrived yet: over the limit (a CR may still come), it is refused now.
        if (length - pos > MAX_RECORD_CHARS + 1) {
          out.push({ line, fields: [], error: LINE_TOO_LONG_MESSAGE })
          skipping = true
          pos = length
        }
        break
      }
      const lineEnd = newline === -1 ? length : newline
      const carriageReturn = lineEnd > pos && buffer.charCodeAt(lineEnd - 1) === CR ? 1 : 0
      if (lineEnd - pos - carriageReturn > MAX_RECORD_CHARS) {
        out.push({ line, fields: [], error: LINE_TOO_LONG_MESSAGE })
        line++
        pos = lineEnd + 1
        continue
      }
      const quote = buffer.indexOf('"', pos)
      if (quote === -1 || quote > lineEnd) {
        // Fast path: no quotes on this line.
        let text = buffer.slice(pos, lineEnd)
        if (text.endsWith('\r')) text = text.slice(0, -1)
        if (text.length > 0) out.push({ line, fields: text.split(',') })
        line++
        pos = lineEnd + 1
        continue
      }
      const parsed = parseQuoted(buffer, pos, final)
      if (parsed === null) break
      if ('error' in parsed) {
        out.push({ line, fields: [], error: parsed.error })
        line++
        pos = lineEnd + 1
        continue
      }
      out.push({ line, fields: parsed.fields })
      line += Math.max(parsed.lines, 1)
      pos = parsed.end
    }
    buffer = pos >= length ? '' : buffer.slice(pos)
    return out
  }

  for await (let chunk of chunks) {
    if (skipping) {
      const newline = chunk.indexOf('\n')
      if (newline === -1) continue
      chunk = chunk.slice(newline + 1)
      skipping = false
      line++
    }
    buffer = buffer.length ? buffer + chunk : chunk
    const records = consume(false)
    if (records.length) yield records
  }
  while (buffer.length) {
    const records = consume(true)
    if (records.length) yield records
  }
}
