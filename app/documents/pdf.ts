import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import { COOP } from '#domain/common/coop'

const require = createRequire(import.meta.url)

/**
 * Noto Sans JP as full TrueType files (the web-font packages only ship unicode-range subsets).
 * pdfkit embeds just the glyphs a document uses, so a one-page letter stays around 10 KB.
 * The files are read once per process: re-reading 5 MB per document would dominate the time.
 */
let fontCache: { regular: Buffer; bold: Buffer } | undefined
function japaneseFonts() {
  fontCache ??= {
    regular: readFileSync(
      require.resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf')
    ),
    bold: readFileSync(
      require.resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf')
    ),
  }
  return fontCache
}

export const PDF_FONT = { regular: 'jp', bold: 'jp-bold' } as const

/**
 * An A4 document with the Japanese fonts registered and selected. Write to it with pdfkit's API,
 * then turn it into bytes with `pdfToBuffer`.
 */
export function createJapanesePdf(options: { title: string; margin?: number }) {
  const doc = new PDFDocument({
    size: 'A4',
    margin: options.margin ?? 50,
    bufferPages: true,
    lang: 'ja-JP',
    info: { Title: options.title, Author: COOP.name, Creator: 'coop-mypage' },
    displayTitle: true,
  })
  const fonts = japaneseFonts()
  doc.registerFont(PDF_FONT.regular, fonts.regular)
  doc.registerFont(PDF_FONT.bold, fonts.bold)
  doc.font(PDF_FONT.regular)
  return doc
}

export type JapanesePdf = ReturnType<typeof createJapanesePdf>

/** Ends the document and collects its bytes. */
export function pdfToBuffer(doc: JapanesePdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
    doc.end()
  })
}
