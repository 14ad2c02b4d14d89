import { DateTime } from 'luxon'
import { portalUrl } from '#mails/portal_url'
import { COOP } from '#domain/common/coop'
import { nowInJapan } from '#domain/common/clock'
import { formatJapaneseDate } from '#domain/common/formatting'
import { groupForReading } from '#domain/auth/initial_passwords'
import { createJapanesePdf, pdfToBuffer, PDF_FONT, type JapanesePdf } from '#documents/pdf'
import { routeUrl } from '#services/named_routes'

/**
 * ログイン登録のご案内: the letter a new member receives (SPEC lifecycle 1). A4, one page per
 * member, with the member number, the initial password grouped for reading (K7P2-M9QX) and
 * the registration URL, and the steps in the FAQ's words.
 */
export interface GuideLetter {
  memberNumber: string
  memberName: string
  affiliationName: string | null
  initialPassword: string
}

export function registrationUrl(): string {
  return portalUrl(routeUrl('public.register.show'))
}

const STEPS = [
  '下記のURLから「ログイン登録」のページを開いてください。',
  '組合員番号と初期パスワードを入力してください。',
  'ログインIDとして使うメールアドレスと、新しいパスワードを入力してください。',
  '入力したメールアドレスにメールが届きます。メールを開いていただき、記載されているURLにアクセスすると登録が完了し、「登録完了メール」が送信されます。',
]

function writeLetter(doc: JapanesePdf, letter: GuideLetter, issuedOn: DateTime, url: string) {
  const left = doc.page.margins.left
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right

  doc.font(PDF_FONT.regular).fontSize(10)
  doc.text(formatJapaneseDate(issuedOn), { align: 'right' })
  doc.moveDown(0.5)
  if (letter.affiliationName) doc.fontSize(11).text(letter.affiliationName)
  doc.fontSize(14).text(`${letter.memberName} 様`)
  doc.moveDown(0.3)
  doc.fontSize(10).text(COOP.name, { align: 'right' })
  doc.moveDown(1.2)

  doc.font(PDF_FONT.bold).fontSize(18).text('ログイン登録のご案内', { align: 'center' })
  doc.moveDown(1)
  doc
    .font(PDF_FONT.regular)
    .fontSize(10.5)
    .text(
      `いつも${COOP.shortName}をご利用いただき、ありがとうございます。${COOP.portalName}では、請求明細や出資状況の確認、登録内容の変更手続き、連絡・お問い合わせができます。下記の組合員番号と初期パスワードで、ログイン登録をお願いいたします。`,
      { lineGap: 3 }
    )
  doc.moveDown(1)

  const boxTop = doc.y
  const boxHeight = 96
  doc.rect(left, boxTop, width, boxHeight).lineWidth(1).stroke()
  doc.fontSize(11).text('組合員番号', left + 20, boxTop + 16)
  doc
    .font(PDF_FONT.bold)
    .fontSize(20)
    .text(letter.memberNumber, left + 140, boxTop + 10)
  doc
    .font(PDF_FONT.regular)
    .fontSize(11)
    .text('初期パスワード', left + 20, boxTop + 56)
  doc
    .font(PDF_FONT.bold)
    .fontSize(20)
    .text(groupForReading(letter.initialPassword), left + 140, boxTop + 50, {
      characterSpacing: 2,
    })
  doc.font(PDF_FONT.regular)
  doc.x = left
  doc.y = boxTop + boxHeight + 14
  doc
    .fontSize(9)
    .text('※ 初期パスワードの「-」は読みやすくするための区切りです。入力は不要です。', left, doc.y)
  doc.moveDown(1)

  doc.font(PDF_FONT.bold).fontSize(12).text('ログイン登録の手順')
  doc.font(PDF_FONT.regular).fontSize(10.5).moveDown(0.3)
  STEPS.forEach((step, index) => {
    doc.text(`${'①②③④'[index]} ${step}`, { lineGap: 3, indent: 0 })
    doc.moveDown(0.2)
  })
  doc.moveDown(0.5)
  doc.fontSize(11).text('ログイン登録のURL')
  doc.font(PDF_FONT.bold).fontSize(13).text(url)
  doc.font(PDF_FONT.regular).moveDown(1)

  doc
    .fontSize(9.5)
    .text(
      `・登録完了メールが届かない場合は、メールアドレスが間違っていないかご確認ください。マイページからのメール受信を拒否する設定になっているかもしれませんので、@${COOP.mailDomain} からの受信ができるように設定してください。`,
      { lineGap: 2 }
    )
  doc.moveDown(0.3)
  doc.text(
    '・請求明細の閲覧は登録した月の翌月より可能となります。また、出資報告の閲覧は6月までに登録いただいた場合、7月以降に前年度分の出資報告が閲覧できます。',
    { lineGap: 2 }
  )
  doc.moveDown(0.3)
  doc.text(
    '・登録完了後は初期パスワードは使えません。パスワードを忘れた場合は、ログイン画面にある「パスワードをお忘れの方」から再登録してください。',
    { lineGap: 2 }
  )
  doc.moveDown(0.3)
  doc.text('・この案内状は、初期パスワードが記載されていますので大切に保管してください。', {
    lineGap: 2,
  })

  doc
    .fontSize(10)
    .text(
      `お問い合わせ\u3000${COOP.name}\u3000TEL：${COOP.phone}\u3000FAX：${COOP.fax}`,
      left,
      doc.page.height - doc.page.margins.bottom - 20,
      { width, align: 'center', lineBreak: false }
    )
}

export async function guideLettersPdf(
  letters: GuideLetter[],
  options: { issuedOn?: DateTime } = {}
): Promise<Buffer> {
  const doc = createJapanesePdf({ title: 'ログイン登録のご案内' })
  const issuedOn = options.issuedOn ?? nowInJapan()
  const url = registrationUrl()
  letters.forEach((letter, index) => {
    if (index > 0) doc.addPage()
    writeLetter(doc, letter, issuedOn, url)
  })
  if (letters.length === 0) doc.text('対象の組合員はいません。')
  return pdfToBuffer(doc)
}
