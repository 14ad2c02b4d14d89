import { createJapanesePdf, pdfToBuffer, PDF_FONT, type JapanesePdf } from '#documents/pdf'
import { COOP } from '#domain/common/coop'

/**
 * The paper forms for joining (加入申込書) and withdrawing (脱退届): both need
 * the member's own signature, so the portal only hands out a blank A4 form to
 * print and fill in by hand, then send by FAX or post.
 */
export const JOINING_FORMS = {
  application: { title: '加入申込書', filename: '加入申込書.pdf' },
  withdrawal: { title: '脱退届', filename: '脱退届.pdf' },
} as const

export type JoiningFormKind = keyof typeof JOINING_FORMS

export function joiningFormKind(file: unknown): JoiningFormKind | null {
  if (file === 'application.pdf') return 'application'
  if (file === 'withdrawal.pdf') return 'withdrawal'
  return null
}

const LEFT = 50
const WIDTH = 495
const LABEL_WIDTH = 130

/** A ruled row: a label cell and an empty cell to write in (optionally with a printed hint). */
function field(doc: JapanesePdf, label: string, options: { height?: number; hint?: string } = {}) {
  const height = options.height ?? 34
  const y = doc.y
  doc.save().rect(LEFT, y, LABEL_WIDTH, height).fill('#eef1f3').restore()
  doc.rect(LEFT, y, WIDTH, height).lineWidth(0.8).strokeColor('#333').stroke()
  doc
    .moveTo(LEFT + LABEL_WIDTH, y)
    .lineTo(LEFT + LABEL_WIDTH, y + height)
    .stroke()
  doc
    .font(PDF_FONT.bold)
    .fontSize(10)
    .fillColor('#000')
    .text(label, LEFT + 6, y + 6, { width: LABEL_WIDTH - 12 })
  if (options.hint) {
    doc
      .font(PDF_FONT.regular)
      .fontSize(9)
      .fillColor('#333')
      .text(options.hint, LEFT + LABEL_WIDTH + 8, y + 6, { width: WIDTH - LABEL_WIDTH - 16 })
  }
  doc.fillColor('#000').font(PDF_FONT.regular)
  doc.x = LEFT
  doc.y = y + height
}

function heading(doc: JapanesePdf, title: string) {
  doc.font(PDF_FONT.bold).fontSize(20).text(title, LEFT, 50, { width: WIDTH, align: 'center' })
  doc.font(PDF_FONT.regular).fontSize(10)
  doc.moveDown(0.3)
  doc.text(`${COOP.name} 御中`, { width: WIDTH })
  doc.text('記入日：　　　　年　　　月　　　日', { width: WIDTH, align: 'right' })
  doc.moveDown(0.6)
}

function footer(doc: JapanesePdf) {
  doc.moveDown(1)
  doc.font(PDF_FONT.bold).fontSize(10).text('ご提出方法', LEFT, doc.y, { width: WIDTH })
  doc.font(PDF_FONT.regular).fontSize(9.5)
  doc.text(
    `ご記入・ご署名のうえ、FAX（${COOP.fax}）へ送信、または郵送でご提出ください。` +
      `ご不明な点は ${COOP.name}（TEL：${COOP.phone}）までお問い合わせください。`,
    { width: WIDTH }
  )
  doc.moveDown(0.5)
  doc
    .fontSize(8.5)
    .fillColor('#333')
    .text(
      'ご記入いただいた個人情報は、組合員の登録・管理、出資金の管理、事業のご案内のために利用し、法令に基づく場合を除き、ご本人の同意なく第三者に提供することはありません。',
      { width: WIDTH }
    )
  doc.fillColor('#000')
}

function application(doc: JapanesePdf) {
  heading(doc, '加入申込書')
  doc
    .fontSize(10)
    .text('私は、貴組合の定款を承認し、組合員として加入を申し込みます。', { width: WIDTH })
  doc.moveDown(0.6)
  field(doc, 'フリガナ', { height: 26 })
  field(doc, '氏名', { height: 40 })
  field(doc, '生年月日', { hint: '昭和・平成・西暦　　　　年　　　月　　　日' })
  field(doc, '住所', { height: 52, hint: '〒　　　－' })
  field(doc, '電話番号', { hint: '自宅・携帯：' })
  field(doc, '勤務先（所属）', { hint: '学校名・所属名：' })
  field(doc, '区分', { hint: '□ 現職　　□ 退職' })
  field(doc, '出資口数', { hint: '　　　　口（1口 1,000円）' })
  field(doc, 'ご署名', { height: 44, hint: '（ご本人が自署してください）' })
  doc.moveDown(0.6)
  doc.font(PDF_FONT.bold).fontSize(10).text('学生協記入欄', LEFT, doc.y, { width: WIDTH })
  doc.moveDown(0.2)
  field(doc, '組合員番号', { height: 28 })
  field(doc, '受付日・受付者', { height: 28 })
  footer(doc)
}

function withdrawal(doc: JapanesePdf) {
  heading(doc, '脱退届')
  doc.fontSize(10).text('私は、貴組合を脱退いたしたく、お届けします。', { width: WIDTH })
  doc.moveDown(0.6)
  field(doc, '組合員番号', { height: 30 })
  field(doc, 'フリガナ', { height: 26 })
  field(doc, '氏名', { height: 40 })
  field(doc, '住所', { height: 52, hint: '〒　　　－' })
  field(doc, '電話番号', { hint: '日中に連絡のつく番号：' })
  field(doc, '勤務先（所属）', { hint: '学校名・所属名：' })
  field(doc, '脱退の理由', { hint: '□ 退職　　□ 転居　　□ その他（　　　　　　　　　　　）' })
  field(doc, '出資金の返還先', {
    height: 62,
    hint: '金融機関名：　　　　　　　　支店名：\n種別：□ 普通　□ 当座　　口座番号：\n口座名義（カナ）：',
  })
  field(doc, 'ご署名', { height: 44, hint: '（ご本人が自署してください）' })
  doc.moveDown(0.6)
  doc
    .fontSize(9.5)
    .text(
      '出資金は、脱退届を受理した年度の末日（3月31日）に返還いたします。返還日まではマイページとデジタル組合員証をご利用いただけますが、返還後はご利用いただけなくなりますので、請求明細は早めにご確認・ダウンロードしてください。',
      { width: WIDTH }
    )
  footer(doc)
}

export async function joiningFormPdf(kind: JoiningFormKind): Promise<Buffer> {
  const doc = createJapanesePdf({ title: JOINING_FORMS[kind].title, margin: 50 })
  if (kind === 'application') application(doc)
  else withdrawal(doc)
  return pdfToBuffer(doc)
}
