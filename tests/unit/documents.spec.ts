import { test } from '@japa/runner'
import iconv from 'iconv-lite'
import { csvEncodingFrom, csvText, encodeCsv } from '#documents/csv'
import { attachmentDisposition } from '#documents/download'
import { writeCsvExport } from '#documents/csv_export'
import { UnencodableCharactersError } from '#documents/shift_jis'
import { readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
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

test.group('Documents: large CSV exports (written in chunks to a file)', () => {
  async function* chunksOf(...chunks: string[][][]) {
    yield* chunks
  }

  test('chunks join into one file with one BOM; the row count is the data rows', async ({
    assert,
  }) => {
    const file = await writeCsvExport({
      filename: '出力.csv',
      encoding: 'utf8',
      header: ['番号', '氏名'],
      chunks: chunksOf(
        [['1', '山田']],
        [],
        [
          ['2', '佐藤'],
          ['3', '=1+1'],
        ]
      ),
    })
    const bytes = await readFile(file.path)
    assert.equal(file.rows, 3)
    assert.equal(file.contentType, 'text/csv; charset=UTF-8')
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
    assert.equal(bytes.subarray(3).toString('utf8'), "番号,氏名\r\n1,山田\r\n2,佐藤\r\n3,'=1+1\r\n")
    await rm(join(file.path, '..'), { recursive: true, force: true })
  })

  test('a character Shift_JIS cannot carry in a later chunk is reported at its line in the whole file, and no file is left', async ({
    assert,
  }) => {
    const exportFolders = async () => {
      const names = await readdir(tmpdir())
      return names.filter((name) => name.startsWith('coop-export-'))
    }
    const before = await exportFolders()
    const error = await writeCsvExport({
      filename: 'x.csv',
      encoding: 'sjis',
      header: ['氏名'],
      chunks: chunksOf([['山田'], ['佐藤']], [['鈴木'], ['𠮷野']]),
    }).catch((caught) => caught)
    assert.instanceOf(error, UnencodableCharactersError)
    assert.equal(error.describe(), '5行目の「𠮷」')
    assert.deepEqual(await exportFolders(), before)
  })
})
