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
  /** Never kept in a row error's raw text (its digits are masked there). */
  secret?: boolean
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
  /** Told once, before the first row, which columns (keys) the file's header has. */
  header?(present: ReadonlySet<string>): void
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
  /** Header positions of the secret columns (masked in a row error's raw text). */
  let secretPositions: number[] = []
  const fail = (line: number, problem: RowProblem, raw: string[] | null) => {
    errors++
    options.onError({
      line,
      column: problem.column,
      message: problem.message,
      raw: raw ? rawText(masked(raw, secretPositions)) : null,
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
        schema.header?.(new Set(header.keys()))
        secretPositions = secretColumnPositions(header, schema.columns)
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
 * The `raw` of row errors found after the scan (duplicate lines, found in SQL): a second read
 * of the file for just those lines, giving the same text as the scan's own row errors.
 */
export async function rawLinesOf(
  path: string,
  encoding: FileEncoding,
  lines: ReadonlySet<number>
): Promise<Map<number, string>> {
  const found = new Map<number, string>()
  if (!lines.size) return found
  let last = 0
  for (const line of lines) if (line > last) last = line
  for await (const batch of readCsv(decodeFile(path, encoding))) {
    for (const record of batch) {
      if (lines.has(record.line) && !record.error) found.set(record.line, rawText(record.fields))
    }
    if (batch.length && batch[batch.length - 1].line >= last) break
  }
  return found
}

function secretColumnPositions(header: Map<string, number>, columns: ColumnSpec[]): number[] {
  return columns.filter((c) => c.secret && header.has(c.key)).map((c) => header.get(c.key)!)
}

/** The fields with each secret column's digits (any width) replaced by *. */
function masked(fields: string[], positions: number[]): string[] {
  if (!positions.length) return fields
  const copy = fields.slice()
  for (const position of positions) {
    if (copy[position] !== undefined) copy[position] = copy[position].replace(/[0-9０-９]/g, '*')
  }
  return copy
}

function rawText(fields: string[]): string {
  const text = fields.join(',')
  return text.length > 500 ? text.slice(0, 500) : text
}
