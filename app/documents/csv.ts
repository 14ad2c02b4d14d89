import iconv from 'iconv-lite'
import type { HttpContext } from '@adonisjs/core/http'
import { sendDownload } from '#documents/download'

/**
 * CSV files for people who open them in Excel: UTF-8 with a BOM by default (Excel then reads
 * the Japanese correctly), or Shift_JIS (CP932) for the co-op's core system and older tools.
 */
export const CSV_ENCODINGS = ['utf8', 'sjis'] as const
export type CsvEncoding = (typeof CSV_ENCODINGS)[number]

/** Reads the `encoding` query parameter; anything unknown falls back to UTF-8. */
export function csvEncodingFrom(value: unknown): CsvEncoding {
  return value === 'sjis' || value === 'shift_jis' || value === 'cp932' ? 'sjis' : 'utf8'
}

export type CsvCell = string | number | null | undefined

/**
 * Cells starting with = + - @ (or a tab/CR) are run as formulas by spreadsheet programs:
 * text cells get a leading apostrophe (OWASP "CSV injection"). Numbers are written as they are.
 */
function escapeCell(cell: CsvCell): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'number') return String(cell)
  let text = cell
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  if (/[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`
  return text
}

export function csvLine(cells: CsvCell[]): string {
  return cells.map(escapeCell).join(',') + '\r\n'
}

export function csvText(header: string[], rows: Iterable<CsvCell[]>): string {
  let text = csvLine(header)
  for (const row of rows) text += csvLine(row)
  return text
}

export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'sjis') return iconv.encode(text, 'cp932')
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
}

export function sendCsv(
  response: HttpContext['response'],
  options: { filename: string; encoding: CsvEncoding; header: string[]; rows: Iterable<CsvCell[]> }
) {
  const charset = options.encoding === 'sjis' ? 'Shift_JIS' : 'UTF-8'
  return sendDownload(response, {
    filename: options.filename,
    contentType: `text/csv; charset=${charset}`,
    bytes: encodeCsv(csvText(options.header, options.rows), options.encoding),
  })
}
