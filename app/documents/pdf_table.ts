import { PDF_FONT, type JapanesePdf } from '#documents/pdf'

/**
 * A simple ruled table for pdfkit: rows wrap their text, and a row that would
 * cross the bottom margin starts a new page where the header row is drawn again.
 */
export interface PdfColumn {
  header: string
  width: number
  align?: 'left' | 'right' | 'center'
}

const PADDING = 3

function rowHeight(doc: JapanesePdf, columns: PdfColumn[], cells: string[]) {
  let height = 0
  columns.forEach((column, index) => {
    const h = doc.heightOfString(cells[index] ?? '', { width: column.width - PADDING * 2 })
    height = Math.max(height, h)
  })
  return height + PADDING * 2
}

function drawRow(
  doc: JapanesePdf,
  columns: PdfColumn[],
  cells: string[],
  y: number,
  options: { header?: boolean; height: number }
) {
  const left = doc.page.margins.left
  const width = columns.reduce((sum, column) => sum + column.width, 0)
  if (options.header) {
    doc.save().rect(left, y, width, options.height).fill('#e8ecef').restore()
  }
  let x = left
  doc.font(options.header ? PDF_FONT.bold : PDF_FONT.regular).fillColor('#000')
  columns.forEach((column, index) => {
    doc.text(cells[index] ?? '', x + PADDING, y + PADDING, {
      width: column.width - PADDING * 2,
      align: column.align ?? 'left',
      lineBreak: true,
    })
    x += column.width
  })
  doc
    .moveTo(left, y + options.height)
    .lineTo(left + width, y + options.height)
    .lineWidth(options.header ? 0.8 : 0.3)
    .strokeColor('#777')
    .stroke()
  doc.font(PDF_FONT.regular)
}

export function drawTable(
  doc: JapanesePdf,
  columns: PdfColumn[],
  rows: string[][],
  options: { fontSize?: number; bottomReserve?: number } = {}
) {
  doc.fontSize(options.fontSize ?? 9)
  const bottom = () => doc.page.height - doc.page.margins.bottom - (options.bottomReserve ?? 20)
  const header = columns.map((column) => column.header)

  let y = doc.y
  const drawHeader = () => {
    doc.font(PDF_FONT.bold)
    const height = rowHeight(doc, columns, header)
    drawRow(doc, columns, header, y, { header: true, height })
    y += height
  }
  drawHeader()
  for (const cells of rows) {
    const height = rowHeight(doc, columns, cells)
    if (y + height > bottom()) {
      doc.addPage()
      y = doc.page.margins.top
      drawHeader()
    }
    drawRow(doc, columns, cells, y, { height })
    y += height
  }
  doc.x = doc.page.margins.left
  doc.y = y + 8
}

/** 「1 / 3 ページ」 at the foot of every page (the document must use bufferPages). */
export function numberPages(doc: JapanesePdf, footer: string) {
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const bottomMargin = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc
      .font(PDF_FONT.regular)
      .fontSize(8)
      .fillColor('#444')
      .text(
        `${footer}\u3000${i - range.start + 1} / ${range.count} ページ`,
        doc.page.margins.left,
        doc.page.height - 30,
        { width: doc.page.width - doc.page.margins.left - doc.page.margins.right, align: 'center' }
      )
    doc.page.margins.bottom = bottomMargin
  }
}
