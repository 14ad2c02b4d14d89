import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { HttpContext } from '@adonisjs/core/http'
import { csvLine, encodeCsv, type CsvCell, type CsvEncoding } from '#documents/csv'
import { UnencodableCharactersError } from '#documents/shift_jis'
import { attachmentDisposition } from '#documents/download'

/**
 * Exports that may run to tens of thousands of rows (audit log, change history): rows arrive in
 * chunks from a keyset walk and are encoded into a temporary file, so memory holds one chunk,
 * not the file. Nothing is sent until the whole file is written: a Shift_JIS export refused
 * for a character it cannot carry is refused before any byte goes out, as with small files.
 */
export interface CsvExportFile {
  path: string
  filename: string
  contentType: string
  rows: number
}

export async function writeCsvExport(options: {
  filename: string
  encoding: CsvEncoding
  header: string[]
  chunks: AsyncIterable<CsvCell[][]>
}): Promise<CsvExportFile> {
  const folder = await mkdtemp(join(tmpdir(), 'coop-export-'))
  const path = join(folder, 'export.csv')
  const out = createWriteStream(path)
  // Kept, not thrown from the event: a refused export destroys the stream with writes pending.
  let failed: Error | null = null
  out.on('error', (error) => (failed ??= error))
  let rows = 0
  // Text lines written so far: a refused character is reported at its line in the whole file.
  let linesBefore = 0
  const write = async (text: string, first: boolean) => {
    let bytes: Buffer
    try {
      bytes = encodeCsv(text, options.encoding)
    } catch (error) {
      if (!(error instanceof UnencodableCharactersError)) throw error
      throw new UnencodableCharactersError(
        error.characters.map((found) => ({ ...found, line: found.line + linesBefore }))
      )
    }
    // encodeCsv starts UTF-8 with a BOM: once, at the top of the file.
    if (!first && options.encoding === 'utf8') bytes = bytes.subarray(3)
    linesBefore += text.split('\n').length - 1
    if (failed) throw failed
    if (!out.write(bytes)) await once(out, 'drain')
  }
  try {
    await write(csvLine(options.header), true)
    for await (const chunk of options.chunks) {
      if (!chunk.length) continue
      rows += chunk.length
      await write(chunk.map(csvLine).join(''), false)
    }
    out.end()
    await new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed)
      out.once('finish', resolve)
      out.once('error', reject)
    })
  } catch (error) {
    out.destroy()
    await rm(folder, { recursive: true, force: true })
    throw error
  }
  const charset = options.encoding === 'utf8' ? 'UTF-8' : 'Shift_JIS'
  return { path, filename: options.filename, contentType: `text/csv; charset=${charset}`, rows }
}

/** Streams the file as a download (never cached) and removes it once sent or abandoned. */
export function sendCsvExport(response: HttpContext['response'], file: CsvExportFile) {
  response.header('Content-Type', file.contentType)
  response.header('Content-Disposition', attachmentDisposition(file.filename))
  response.header('Cache-Control', 'no-store')
  const stream = createReadStream(file.path)
  stream.once('close', () => {
    void rm(join(file.path, '..'), { recursive: true, force: true })
  })
  response.stream(stream)
}
