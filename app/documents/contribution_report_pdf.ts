import { createJapanesePdf, pdfToBuffer, PDF_FONT } from '#documents/pdf'
import { drawTable, numberPages } from '#documents/pdf_table'
import type { ContributionReportProps } from '#presenters/member/contributions'
import { formatJapaneseDate } from '#domain/common/formatting'
import { todayInJapan } from '#domain/common/clock'

/** 出資報告書 (A4): one member's contribution over one fiscal year, and the dividend. */
export async function contributionReportPdf(report: ContributionReportProps): Promise<Buffer> {
  const doc = createJapanesePdf({ title: report.label, margin: 50 })
  doc
    .font(PDF_FONT.bold)
    .fontSize(16)
    .text(`出資報告書\u3000${report.label.replace(' 出資報告', '')}`, {
      align: 'center',
    })
  doc.moveDown(0.8)
  doc.font(PDF_FONT.regular).fontSize(10)
  doc.text(`${report.memberName} 様`)
  doc.text(`組合員番号：${report.memberNumber}`)
  doc.text(`作成日：${formatJapaneseDate(todayInJapan())}`, { align: 'right' })
  doc.text(report.coopName, { align: 'right' })
  doc.moveDown(0.8)
  doc.text(`対象期間：${report.period}`)
  doc.text(`${report.fiscalYear}年度の出資金の状況を、下記のとおりご報告いたします。`)
  doc.moveDown(0.6)
  drawTable(
    doc,
    [
      { header: '項目', width: 200 },
      { header: '口数', width: 120, align: 'right' },
      { header: '金額', width: 175, align: 'right' },
    ],
    report.rows.map((row) => [row.label, row.units, row.amount]),
    { fontSize: 11 }
  )
  doc.font(PDF_FONT.bold).fontSize(11).text(`出資配当金\u3000${report.dividend}`)
  doc.moveDown(0.8)
  doc.font(PDF_FONT.regular).fontSize(9)
  doc.text('出資金1口は1,000円です。内容についてのお問い合わせは学生協までご連絡ください。')
  numberPages(doc, `${report.coopName}\u3000${report.label}`)
  return pdfToBuffer(doc)
}
