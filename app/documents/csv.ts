import type { HttpContext } from '@adonisjs/core/http'
import { sendDownload } from '#documents/download'
import { encodeShiftJis } from '#documents/shift_jis'

/**
 * CSV files for people who open them in Excel: UTF-8 with a BOM by default (Excel then reads
 * the Japanese correctly), or Shift_JIS (CP932) for the co-op's core system and older tools.
 */
export const CSV_ENCODINGS = ['utf8', 'sjis', 'sjis_geta'] as const
/**
 * utf8: UTF-8 with a BOM; sjis: Shift_JIS, refused (with a message naming them) when a character
 * has no Shift_JIS form; sjis_geta: Shift_JIS with such characters written as 〓.
 */
export type CsvEncoding = (typeof CSV_ENCODINGS)[number]

/** Reads the `encoding` query parameter; anything unknown falls back to UTF-8. */
export function csvEncodingFrom(value: unknown): CsvEncoding {
  if (value === 'sjis_geta') return 'sjis_geta'
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

/** Throws UnencodableCharactersError for 'sjis' when a character has no Shift_JIS form. */
export function encodeCsv(text: string, encoding: CsvEncoding): Buffer {
  if (encoding === 'sjis') return encodeShiftJis(text)
  if (encoding === 'sjis_geta') return encodeShiftJis(text, { replaceUnencodable: true })
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])
}

export interface CsvDownload {
  filename: string
  contentType: string
  bytes: Buffer
}

/** The encoded file, before anything is sent or audited (it may be refused: see encodeCsv). */
export function csvFile(options: {
  filename: string
  encoding: CsvEncoding
  header: string[]
  rows: Iterable<CsvCell[]>
}): CsvDownload {
  const charset = options.encoding === 'utf8' ? 'UTF-8' : 'Shift_JIS'
  return {
    filename: options.filename,
    contentType: `text/csv; charset=${charset}`,
    bytes: encodeCsv(csvText(options.header, options.rows), options.encoding),
  }
}

export function sendCsv(
  response: HttpContext['response'],
  options: { filename: string; encoding: CsvEncoding; header: string[]; rows: Iterable<CsvCell[]> }
) {
  return sendDownload(response, csvFile(options))
}
