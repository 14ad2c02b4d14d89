import { test } from '@japa/runner'
import iconv from 'iconv-lite'
import { csvEncodingFrom, csvText, encodeCsv } from '#documents/csv'
import { attachmentDisposition } from '#documents/download'
import { createJapanesePdf, pdfToBuffer } from '#documents/pdf'
import { pdfText } from '#tests/helpers/pdf'

test.group('Documents: CSV and PDF', () => {
  test('CSV quotes what needs quoting and defuses spreadsheet formulas', ({ assert }) => {
    const text = csvText(
      ['項目', '金額'],
      [
        ['お弁当, 大', 1200],
        ['"特選" 牛乳', -300],
        ['=HYPERLINK("x")', null],
        ['改行\nあり', 0],
      ]
    )
    assert.equal(
      text,
      '項目,金額\r\n"お弁当, 大",1200\r\n"""特選"" 牛乳",-300\r\n"\'=HYPERLINK(""x"")",\r\n"改行\nあり",0\r\n'
    )
  })

  test('UTF-8 files start with a BOM; Shift_JIS files decode back to the same text', ({
    assert,
  }) => {
    const text = '髙橋 﨑 ①㈱,1\r\n'
    const utf8 = encodeCsv(text, 'utf8')
    assert.deepEqual([...utf8.subarray(0, 3)], [0xef, 0xbb, 0xbf])
    const sjis = encodeCsv(text, 'sjis')
    assert.notEqual(sjis[0], 0xef)
    assert.equal(iconv.decode(sjis, 'cp932'), text)
    assert.equal(csvEncodingFrom('sjis'), 'sjis')
    assert.equal(csvEncodingFrom('anything'), 'utf8')
  })

  test('download names keep Japanese in filename* and an ASCII fallback', ({ assert }) => {
    assert.equal(
      attachmentDisposition('請求明細_2026-10.csv'),
      `attachment; filename="_____2026-10.csv"; filename*=UTF-8''${encodeURIComponent('請求明細_2026-10.csv')}`
    )
  })

  test('PDFs embed the Japanese font so the text reads back', async ({ assert }) => {
    const doc = createJapanesePdf({ title: 'テスト' })
    doc.fontSize(14).text('ログイン登録のご案内 髙橋 﨑 ①㈱ 1,234円')
    const bytes = await pdfToBuffer(doc)
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-')
    assert.isBelow(bytes.length, 60_000)
    assert.include(await pdfText(bytes), 'ログイン登録のご案内 髙橋 﨑 ①㈱ 1,234円')
  })
})
