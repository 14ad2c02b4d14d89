import { createJapanesePdf, pdfToBuffer, PDF_FONT } from '#documents/pdf'
import { drawTable, numberPages } from '#documents/pdf_table'
import type { YearlyUsageProps } from '#presenters/member/yearly_usage'
import { formatJapaneseDate } from '#domain/common/formatting'
import { todayInJapan } from '#domain/common/clock'

/** 年間ご利用明細書 (A4): member, period, totals by month, totals by category, the year's total. */
export async function yearlyUsagePdf(props: YearlyUsageProps): Promise<Buffer> {
  const usage = props.usage!
  const doc = createJapanesePdf({ title: `年間ご利用明細 ${usage.title}`, margin: 40 })

  doc
    .font(PDF_FONT.bold)
    .fontSize(16)
    .text(`年間ご利用明細書\u3000${usage.title}`, { align: 'center' })
  doc.font(PDF_FONT.regular).fontSize(10).text(`（${usage.range}）`, { align: 'center' })
  doc.moveDown(0.8)
  doc.text(`${props.memberName} 様`)
  doc.text(`組合員番号：${props.memberNumber}`)
  doc.text(`作成日：${formatJapaneseDate(todayInJapan())}`, { align: 'right' })
  doc.text(props.coopName, { align: 'right' })
  doc.moveDown(0.5)
  doc.font(PDF_FONT.bold).fontSize(12).text(`ご利用金額の合計（税込）\u3000${usage.total}`)
  doc
    .font(PDF_FONT.regular)
    .fontSize(9)
    .text('掲載済みの請求明細のうち、マイページでご覧いただける月を合計しています。')
  doc.moveDown(0.6)

  doc.font(PDF_FONT.bold).fontSize(11).text('月別のご利用金額（税込）')
  doc.moveDown(0.2)
  drawTable(
    doc,
    [
      { header: '請求月', width: 140 },
      { header: '件数', width: 70, align: 'right' },
      { header: '金額（税込）', width: 120, align: 'right' },
    ],
    [
      ...usage.months.map((m) => [m.label, m.hasStatement ? `${m.lineCount}件` : '', m.total]),
      ['合計', `${usage.lineCount}件`, usage.total],
    ],
    { fontSize: 10 }
  )

  doc.font(PDF_FONT.bold).fontSize(11).text('区分別のご利用金額（税込）')
  doc.moveDown(0.2)
  drawTable(
    doc,
    [
      { header: '区分', width: 140 },
      { header: '件数', width: 70, align: 'right' },
      { header: '金額（税込）', width: 120, align: 'right' },
    ],
    [
      ...usage.categories.map((c) => [c.category, `${c.lineCount}件`, c.amount]),
      ['合計', `${usage.lineCount}件`, usage.total],
    ],
    { fontSize: 10 }
  )

  numberPages(doc, `${props.coopName}\u3000年間ご利用明細 ${usage.title}`)
  return pdfToBuffer(doc)
}
