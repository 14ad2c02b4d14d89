import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ImportRowError from '#models/import_row_error'
import { validateBatch } from '#imports/run/validate'
import { duplicateFilterSettings } from '#imports/duplicate_filter'
import { corpusMembers, rowErrors, statementRowCounts, uploadFile } from '#tests/helpers/imports'

/**
 * Exact-duplicate lines of a monthly statements file, found in SQL over the staged lines: the
 * duplicate key is member + date + category + item + quantity + unit price + amount + tax
 * rate, compared exactly; each later copy is a row error naming the first line.
 */
const HEADER = '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率'

async function validate(lines: string[]) {
  const batch = await uploadFile({
    content: [HEADER, ...lines].join('\r\n') + '\r\n',
    name: 'd.csv',
  })
  await validateBatch(batch.id)
  await batch.refresh()
  return { batch, errors: await rowErrors(batch.id) }
}

test.group('Imports: duplicate statement lines', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a line differing in any one part of the key is not a duplicate', async ({ assert }) => {
    await corpusMembers()
    const { batch, errors } = await validate([
      '2026/10,2000001,2026/10/05,食品,牛乳 1000ml,2,238,476,8',
      // Same item on another date.
      '2026/10,2000001,2026/10/06,食品,牛乳 1000ml,2,238,476,8',
      // Same item, another amount (and quantity).
      '2026/10,2000001,2026/10/05,食品,牛乳 1000ml,1,238,238,8',
      // Same amount, another unit price and quantity.
      '2026/10,2000001,2026/10/05,食品,牛乳 1000ml,4,119,476,8',
      // Another member.
      '2026/10,2000002,2026/10/05,食品,牛乳 1000ml,2,238,476,8',
      // Another category, another tax rate.
      '2026/10,2000001,2026/10/05,日用品,牛乳 1000ml,2,238,476,8',
      '2026/10,2000001,2026/10/05,食品,牛乳 1000ml,2,238,476,10',
      // Compared exactly: case, an inner space, full-width letters are other items.
      '2026/10,2000001,2026/10/05,食品,牛乳 1000ML,2,238,476,8',
      '2026/10,2000001,2026/10/05,食品,牛乳  1000ml,2,238,476,8',
      '2026/10,2000001,2026/10/05,食品,牛乳 １０００ml,2,238,476,8',
    ])
    assert.deepEqual(errors, [])
    assert.equal(batch.status, 'validated')
    assert.equal(batch.rowCount, 10)
  })

  test('exact copies name the first line, also written another way', async ({ assert }) => {
    await corpusMembers()
    const before = await statementRowCounts()
    const { batch, errors } = await validate([
      '2026/10,2000001,2026/10/05,食品,"牛乳, 1000ml",2,238,476,8',
      '2026/10,2000002,2026/10/05,食品,"牛乳, 1000ml",2,238,476,8',
      // A copy of line 2, and the same values written with other date / number forms.
      '2026/10,2000001,2026/10/05,食品,"牛乳, 1000ml",2,238,476,8',
      '202610,2000001,20261005,食品,"牛乳, 1000ml",２,"238","476",8%',
      // A wrong line in between: its own error; copies are still found after it.
      '2026/10,2000001,2026/10/05,食品,牛乳,2,238,abc,8',
      '2026/10,2000002,2026/10/05,食品,"牛乳, 1000ml",2,238,476,8',
    ])
    assert.deepEqual(errors, [
      [4, '2行目と同じ内容の明細です（重複行）。'],
      [5, '2行目と同じ内容の明細です（重複行）。'],
      [6, '「金額」を金額として読めません（値: abc）。1,234 や △500 のように入力してください。'],
      [7, '3行目と同じ内容の明細です（重複行）。'],
    ])
    assert.equal(batch.status, 'invalid')
    assert.equal(batch.errorCount, 4)
    // The error CSV shows the line as read, like every other row error.
    const stored = await ImportRowError.query()
      .where('import_batch_id', batch.id)
      .where('line_number', 5)
      .firstOrFail()
    assert.equal(stored.rawLine, '202610,2000001,20261005,食品,牛乳, 1000ml,２,238,476,8%')
    assert.isNull(stored.columnName)
    // The preview's totals count each line once; nothing stays staged.
    const summary = JSON.parse(batch.summaryJson!)
    assert.equal(summary.totals.rows, 2)
    assert.equal(summary.totals.totalAmount, 952)
    assert.deepEqual(summary.totals.byCategory, { 食品: { rows: 2, amount: 952 } })
    assert.deepEqual(summary.totals.byTaxRate, { 8: { rows: 2, amount: 952 } })
    assert.equal(summary.totals.members, 2)
    assert.deepEqual(await statementRowCounts(), before)
  })

  /**
   * The filter only picks which lines the exact SQL check looks at: with a filter so small that
   * nearly every line is a candidate (false positives everywhere), and with too many
   * candidates (the full GROUP BY instead), the verdicts are the same.
   */
  for (const [name, settings] of [
    ['a filter full of false positives', { filterBytes: 64, maxCandidates: 100_000 }],
    ['more candidates than kept (full GROUP BY)', { filterBytes: 64, maxCandidates: 2 }],
  ] as const) {
    test(`the same verdicts with ${name}`, async ({ assert, cleanup }) => {
      const saved = { ...duplicateFilterSettings }
      Object.assign(duplicateFilterSettings, settings)
      cleanup(() => {
        Object.assign(duplicateFilterSettings, saved)
      })
      await corpusMembers()
      const lines: string[] = []
      // 300 distinct lines (the 512-bit filter is then full: most are false candidates), then
      // copies of some of them.
      for (let i = 0; i < 300; i++) {
        const member = 2000001 + (i % 2)
        const day = String((i % 28) + 1).padStart(2, '0')
        lines.push(
          `2026/10,${member},2026/10/${day},食品,品 ${i % 11},${1 + (i % 3)},100,${100 * (1 + (i % 3))},8`
        )
      }
      assert.equal(new Set(lines).size, 300)
      const copies = [0, 299, 0, 150]
      for (const k of copies) lines.push(lines[k])
      const { batch, errors } = await validate(lines)
      assert.deepEqual(
        errors,
        copies.map((k, n): [number, string] => [
          302 + n,
          `${k + 2}行目と同じ内容の明細です（重複行）。`,
        ])
      )
      assert.equal(batch.status, 'invalid')
      const summary = JSON.parse(batch.summaryJson!)
      assert.equal(summary.totals.rows, 300)
      assert.equal(
        summary.totals.totalAmount,
        lines.slice(0, 300).reduce((sum, l) => sum + Number(l.split(',')[7]), 0)
      )
    })

    test(`another tax rate or amount is not a duplicate, also with ${name}`, async ({
      assert,
      cleanup,
    }) => {
      const saved = { ...duplicateFilterSettings }
      Object.assign(duplicateFilterSettings, settings)
      cleanup(() => {
        Object.assign(duplicateFilterSettings, saved)
      })
      await corpusMembers()
      const lines: string[] = []
      for (let i = 0; i < 300; i++) {
        const member = 2000001 + (i % 2)
        const day = String((i % 28) + 1).padStart(2, '0')
        lines.push(
          `2026/10,${member},2026/10/${day},食品,品 ${i % 11},${1 + (i % 3)},100,${100 * (1 + (i % 3))},8`
        )
      }
      // Lines 0, 150 and 299 again at 10 %, and again for 1 yen more (a discount line written
      // by hand): equal in every other part of the key.
      for (const k of [0, 150, 299]) {
        lines.push(lines[k].replace(/,8$/, ',10'))
        lines.push(lines[k].replace(/,(\d+),8$/, (_, amount) => `,${Number(amount) + 1},8`))
      }
      const { batch, errors } = await validate(lines)
      assert.deepEqual(errors, [])
      assert.equal(batch.status, 'validated')
      assert.equal(batch.rowCount, 306)
    })
  }
})
