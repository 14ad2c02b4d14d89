import { createHash, type Hash } from 'node:crypto'
import { decodeFile, ImportFileError, type FileEncoding } from '#imports/decode'
import { readCsv } from '#imports/read'
import { normaliseHeader } from '#imports/fields'
import type { ImportKind } from '#models/import_batch'

/**
 * One schema per kind: the columns (Japanese header names and the aliases the core systems
 * use), and a check that turns one CSV record into a typed row or row errors. The same scan
 * runs for validation and for the commit, so what is written is exactly what was previewed.
 */
export interface ColumnSpec {
  key: string
  label: string
  aliases: string[]
  required: boolean
  example: string
  note: string
}

export interface RowProblem {
  column: string | null
  message: string
}

export interface RowError extends RowProblem {
  line: number
  raw: string | null
}

export type FieldReader = (key: string) => string

export interface KindSchema<Row> {
  kind: ImportKind
  columns: ColumnSpec[]
  /** Returns the row, or null after pushing at least one problem. */
  check(field: FieldReader, line: number, problems: RowProblem[]): Row | null
}

/** Quoted value for messages: shortened so a broken line cannot flood the page. */
export function shown(value: string): string {
  const trimmed = value.trim()
  return trimmed.length > 30 ? `${trimmed.slice(0, 30)}…` : trimmed
}

export function mapHeader(fields: string[], columns: ColumnSpec[]): Map<string, number> {
  const positions = new Map<string, number>()
  const names = fields.map(normaliseHeader)
  for (const column of columns) {
    const accepted = [column.label, ...column.aliases].map(normaliseHeader)
    const index = names.findIndex((name) => accepted.includes(name))
    if (index !== -1) positions.set(column.key, index)
  }
  const missing = columns.filter((c) => c.required && !positions.has(c.key)).map((c) => c.label)
  if (missing.length) {
    throw new ImportFileError(
      `見出し行に必須の列がありません: ${missing.map((m) => `「${m}」`).join('')}。見本ファイルの見出しに合わせてください。`,
      1
    )
  }
  return positions
}

export interface ScanResult {
  /** Data records read (valid or not). */
  records: number
  errors: number
  sha256: string
  bytes: number
}

/**
 * Streams the file: decode -> CSV records -> header mapping -> schema check. Valid rows are
 * handed over in arrays (`onRows`), problems one by one (`onError`). A file-level problem
 * (empty, binary, missing columns) throws ImportFileError.
 */
export async function scanFile<Row>(options: {
  path: string
  encoding: FileEncoding
  schema: KindSchema<Row>
  onRows: (rows: Row[]) => void | Promise<void>
  onError: (error: RowError) => void
  onBytes?: (bytes: number) => void
}): Promise<ScanResult> {
  const { schema } = options
  const hash: Hash = createHash('sha256')
  let bytes = 0
  let header: Map<string, number> | null = null
  let headerWidth = 0
  let records = 0
  let errors = 0
  const problems: RowProblem[] = []
  let current: string[] = []
  const field: FieldReader = (key) => {
    const index = header!.get(key)
    return index === undefined ? '' : (current[index] ?? '')
  }
  const fail = (line: number, problem: RowProblem, raw: string[] | null) => {
    errors++
    const text = raw ? raw.join(',') : null
    options.onError({
      line,
      column: problem.column,
      message: problem.message,
      raw: text && text.length > 500 ? text.slice(0, 500) : text,
    })
  }

  const chunks = decodeFile(options.path, options.encoding, (read, chunk) => {
    bytes = read
    hash.update(chunk)
    options.onBytes?.(read)
  })
  for await (const batch of readCsv(chunks)) {
    const rows: Row[] = []
    for (const record of batch) {
      if (!header) {
        if (record.error) throw new ImportFileError(`見出し行を読めません: ${record.error}`, 1)
        if (record.fields.some((f) => f.includes('\uFFFD'))) {
          throw new ImportFileError(
            '見出し行の文字を読めません。文字コード（UTF-8 / Shift_JIS）の指定を確かめてください。',
            1
          )
        }
        header = mapHeader(record.fields, schema.columns)
        headerWidth = record.fields.length
        continue
      }
      records++
      if (record.error) {
        fail(record.line, { column: null, message: record.error }, null)
        continue
      }
      current = record.fields
      if (current.length !== headerWidth) {
        const extraEmpty =
          current.length > headerWidth && current.slice(headerWidth).every((f) => f.trim() === '')
        if (!extraEmpty) {
          fail(
            record.line,
            {
              column: null,
              message: `列の数が見出し行と合いません（見出し ${headerWidth} 列、この行 ${current.length} 列）。`,
            },
            current
          )
          continue
        }
      }
      if (current.some((f) => f.includes('\uFFFD'))) {
        fail(
          record.line,
          {
            column: null,
            message:
              '読めない文字があります。文字コード（UTF-8 / Shift_JIS）の指定を確かめてください。',
          },
          current
        )
        continue
      }
      problems.length = 0
      const row = schema.check(field, record.line, problems)
      if (row === null || problems.length) {
        for (const problem of problems) fail(record.line, problem, current)
        continue
      }
      rows.push(row)
    }
    // Called for empty batches too, so progress moves while every row is wrong.
    await options.onRows(rows)
  }
  if (!header) throw new ImportFileError('見出し行がありません（ファイルが空です）。', 1)
  if (records === 0) throw new ImportFileError('データ行がありません（見出し行だけです）。', 2)
  return { records, errors, sha256: hash.digest('hex'), bytes }
}

/**
 * Exact-duplicate detection over up to millions of lines in bounded, compact memory: two
 * independent 32-bit FNV-1a hashes per line (a 64-bit key) in an open-addressing table of
 * typed arrays (~12 bytes per line), with the first line number kept for the message.
 */
export class LineKeySet {
  #a = new Uint32Array(1 << 16)
  #b = new Uint32Array(1 << 16)
  #line = new Int32Array(1 << 16)
  #size = 0

  /**
   * Returns the line number of an earlier identical key, or 0 after remembering this one.
   * The key is given as parts (numbers are mixed in without building a string).
   */
  seen(parts: readonly (string | number)[], line: number): number {
    let h1 = 0x811c9dc5
    let h2 = 0x01000193 ^ parts.length
    for (const part of parts) {
      if (typeof part === 'number') {
        // Split so values beyond 32 bits still count in full.
        const low = part | 0
        const high = Math.floor(part / 4294967296) | 0
        h1 = Math.imul(h1 ^ low, 0x01000193) ^ high
        h2 = Math.imul(h2 ^ high, 0x5bd1e995) ^ low ^ (h2 >>> 15)
      } else {
        for (let i = 0; i < part.length; i++) {
          const c = part.charCodeAt(i)
          h1 = Math.imul(h1 ^ c, 0x01000193)
          h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15)
        }
        // Separator, so ['ab', 'c'] and ['a', 'bc'] differ.
        h1 = Math.imul(h1 ^ 0x1f, 0x01000193)
        h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995)
      }
    }
    h1 >>>= 0
    h2 = (h2 | 1) >>> 0 // 0 marks an empty slot (and >>> keeps it unsigned, like the array)
    if ((this.#size + 1) * 2 > this.#b.length) this.#grow()
    return this.#insert(h1, h2, line)
  }

  #insert(h1: number, h2: number, line: number): number {
    const mask = this.#b.length - 1
    let slot = h1 & mask
    while (this.#b[slot] !== 0) {
      if (this.#a[slot] === h1 && this.#b[slot] === h2) return this.#line[slot]
      slot = (slot + 1) & mask
    }
    this.#a[slot] = h1
    this.#b[slot] = h2
    this.#line[slot] = line
    this.#size++
    return 0
  }

  #grow() {
    const a = this.#a
    const b = this.#b
    const lines = this.#line
    this.#a = new Uint32Array(a.length * 2)
    this.#b = new Uint32Array(a.length * 2)
    this.#line = new Int32Array(a.length * 2)
    this.#size = 0
    for (let i = 0; i < a.length; i++) if (b[i] !== 0) this.#insert(a[i], b[i], lines[i])
  }
}
