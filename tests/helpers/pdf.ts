import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * The text of a PDF as a reader sees it, extracted by poppler's pdftotext (installed by .ci/run).
 * Asserting on this proves the Japanese font is embedded with a usable character map.
 */
export async function pdfText(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'coop-pdf-'))
  try {
    const file = join(dir, 'document.pdf')
    await writeFile(file, bytes)
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])
    return stdout
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export async function pdfPageCount(bytes: Buffer): Promise<number> {
  const text = await pdfText(bytes)
  return text.split('\f').filter((page) => page.trim() !== '').length
}

/**
 * The initial password printed in a guide letter (`K7P2-M9QX`). `pdftotext -layout` sometimes
 * puts a space inside it (seen: `92QS -NFXZ`), so spaces between its characters are ignored.
 */
export function printedInitialPassword(text: string): string {
  const found = text.match(/[A-Z2-9](?: ?[A-Z2-9]){3} ?- ?[A-Z2-9](?: ?[A-Z2-9]){3}/)
  if (!found) throw new Error(`No initial password in the letter:\n${text}`)
  return found[0].replace(/ /g, '')
}
