import { createJapanesePdf, pdfToBuffer, PDF_FONT } from '#documents/pdf'
import { drawTable, numberPages } from '#documents/pdf_table'
import type { StatementDetailProps } from '#presenters/member/statements'
import { formatJapaneseDate } from '#domain/common/formatting'
import { todayInJapan } from '#domain/common/clock'

/** 請求明細書 (A4): co-op, member, month, every line, subtotals per tax rate, total. */
export async function statementPdf(statement: StatementDetailProps): Promise<Buffer> {
  const doc = createJapanesePdf({ title: `請求明細 ${statement.label}`, margin: 40 })
  const width = doc.page.width - 80

  doc
    .font(PDF_FONT.bold)
    .fontSize(16)
    .text(`請求明細書\u3000${statement.label}`, { align: 'center' })
  doc.moveDown(0.8)
  doc.font(PDF_FONT.regular).fontSize(10)
  doc.text(`${statement.memberName} 様`)
  doc.text(`組合員番号：${statement.memberNumber}`)
  doc.text(`作成日：${formatJapaneseDate(todayInJapan())}`, { align: 'right' })
  doc.text(statement.coopName, { align: 'right' })
  doc.moveDown(0.5)
  doc.font(PDF_FONT.bold).fontSize(12).text(`ご請求金額（税込）\u3000${statement.total}`)
  if (statement.debitNotice) {
    doc.moveDown(0.2)
    doc.font(PDF_FONT.regular).fontSize(10).text(statement.debitNotice)
  }
  doc.moveDown(0.6)

  drawTable(
    doc,
    [
      { header: '利用日', width: 80 },
      { header: '区分', width: 55 },
      { header: '品名', width: width - 80 - 55 - 40 - 65 - 75 - 50 },
      { header: '数量', width: 40, align: 'right' },
      { header: '単価', width: 65, align: 'right' },
      { header: '金額（税込）', width: 75, align: 'right' },
      { header: '税率', width: 50, align: 'right' },
    ],
    statement.lines.map((line) => [
      line.date,
      line.category,
      line.itemName,
      line.quantity,
      line.unitPrice,
      line.amount,
      line.taxRate,
    ])
  )

  doc.font(PDF_FONT.bold).fontSize(11).text('税率別の合計（税込）')
  doc.moveDown(0.2)
  drawTable(
    doc,
    [
      { header: '税率', width: 120 },
      { header: '件数', width: 60, align: 'right' },
      { header: '金額（税込）', width: 120, align: 'right' },
    ],
    [
      ...statement.subtotals.map((s) => [s.label, `${s.lineCount}件`, s.amount]),
      ['合計', `${statement.lineCount}件`, statement.total],
    ],
    { fontSize: 10 }
  )

  numberPages(doc, `${statement.coopName}\u3000請求明細 ${statement.label}`)
  return pdfToBuffer(doc)
}
