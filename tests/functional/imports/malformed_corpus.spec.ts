import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { corpusMembers, statementRowCounts, validateFixture } from '#tests/helpers/imports'
import type { EncodingChoice } from '#imports/decode'

/**
 * The malformed-file corpus (tests/fixtures/imports): each file gives exactly these row errors
 * (line number + Japanese message), the batch is 'invalid' and nothing reaches statements.
 */
const CORPUS: { file: string; encoding?: EncodingChoice; errors: [number, string][] }[] = [
  {
    file: 'wrong_encoding_eucjp.csv',
    errors: [
      [1, '見出し行の文字を読めません。文字コード（UTF-8 / Shift_JIS）の指定を確かめてください。'],
    ],
  },
  {
    file: 'valid_sjis_crlf.csv',
    encoding: 'utf-8',
    errors: [
      [
        0,
        'UTF-8 として読めない文字があります。文字コードの指定を「自動判定」か「Shift_JIS」にしてください。',
      ],
    ],
  },
  {
    file: 'broken_quoting.csv',
    errors: [
      [3, '引用符（"）の位置が正しくありません。'],
      [4, '引用符（"）の後に区切りのカンマ以外の文字があります。'],
      [6, '引用符（"）が閉じられていません。'],
    ],
  },
  {
    file: 'missing_columns.csv',
    errors: [
      [
        1,
        '見出し行に必須の列がありません: 「金額」「税率」。見本ファイルの見出しに合わせてください。',
      ],
    ],
  },
  {
    file: 'unknown_member.csv',
    errors: [
      [
        3,
        '組合員番号 9999999 の組合員は登録されていません。先に組合員マスタを取り込んでください。',
      ],
      [4, '「組合員番号」が数字ではありません（値: 20000X1）。'],
    ],
  },
  {
    file: 'duplicate_lines.csv',
    errors: [
      [4, '2行目と同じ内容の明細です（重複行）。'],
      [5, '2行目と同じ内容の明細です（重複行）。'],
    ],
  },
  {
    file: 'bad_dates_amounts.csv',
    errors: [
      [
        2,
        '「利用日」を日付として読めません（値: 2026/02/30）。2026/11/05 のように入力してください。',
      ],
      [3, '「数量」を整数として読めません（値: 一）。'],
      [3, '「単価」を金額として読めません（値: 12a）。1,234 や △500 のように入力してください。'],
      [3, '「金額」を金額として読めません（値: 1.5）。1,234 や △500 のように入力してください。'],
      [3, '「税率」は 10、8、0 のいずれかにしてください（値: 5）。'],
      [
        4,
        '「利用日」を日付として読めません（値: 10/05/2026）。2026/11/05 のように入力してください。',
      ],
      [4, '「区分」が空です。'],
      [5, '「請求月」を年月として読めません（値: 2026/13）。2026/10 のように入力してください。'],
    ],
  },
  {
    file: 'wrong_month.csv',
    errors: [[3, '「請求月」が取込対象の2026年10月分と違います（この行は2026年11月分）。']],
  },
  {
    file: 'column_count.csv',
    errors: [[3, '列の数が見出し行と合いません（見出し 9 列、この行 7 列）。']],
  },
  { file: 'empty_lines.csv', errors: [[1, '見出し行がありません（ファイルが空です）。']] },
  { file: 'header_only.csv', errors: [[2, 'データ行がありません（見出し行だけです）。']] },
  { file: 'bom_only.csv', errors: [[1, '見出し行がありません（ファイルが空です）。']] },
  { file: 'zero_bytes.csv', errors: [[0, 'ファイルが空です（0バイト）。']] },
  {
    file: 'not_csv.png',
    errors: [
      [0, 'CSVファイルではありません。基幹システムから出力したCSVファイルを選んでください。'],
    ],
  },
]

test.group('Imports: malformed-file corpus', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  for (const entry of CORPUS) {
    test(`${entry.file}${entry.encoding ? ` (${entry.encoding})` : ''}`, async ({ assert }) => {
      await corpusMembers()
      const before = await statementRowCounts()
      const { batch, errors } = await validateFixture(entry.file, { encoding: entry.encoding })
      assert.deepEqual(errors, entry.errors)
      assert.equal(batch.status, 'invalid')
      assert.equal(batch.errorCount, entry.errors.length)
      assert.deepEqual(await statementRowCounts(), before)
    })
  }

  for (const [file, encoding] of [
    ['valid_sjis_crlf.csv', 'shift_jis'],
    ['valid_sjis_crlf.csv', 'auto'],
    ['valid_utf8_bom.csv', 'auto'],
    ['valid_utf8_lf.csv', 'utf-8'],
    ['valid_aliases.csv', 'auto'],
  ] as const) {
    test(`${file} (${encoding}) is valid: quotes, full-width digits, △, three date forms`, async ({
      assert,
    }) => {
      await corpusMembers()
      const { batch, errors } = await validateFixture(file, { encoding })
      assert.deepEqual(errors, [])
      assert.equal(batch.status, 'validated')
      assert.equal(batch.rowCount, 4)
      assert.equal(batch.memberCount, 2)
      assert.equal(batch.totalAmount, 476 + 1398 - 238 + 1200)
      const summary = JSON.parse(batch.summaryJson!)
      assert.deepEqual(summary.totals.byTaxRate, {
        '8': { rows: 2, amount: 238 },
        '10': { rows: 1, amount: 1398 },
        '0': { rows: 1, amount: 1200 },
      })
    })
  }
})
