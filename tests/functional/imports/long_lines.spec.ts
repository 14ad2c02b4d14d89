import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createWriteStream } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import app from '@adonisjs/core/services/app'
import { validateBatch } from '#imports/run/validate'
import { corpusMembers, rowErrors, statementRowCounts, uploadFile } from '#tests/helpers/imports'

/**
 * Defect 12 of issue 9: a file with one 50 MB line took 96 s to validate (the reader kept
 * appending to the line and searching it again for its end). A line over the reader's limit
 * is a row error found after reading the limit, the rest of the line is skipped without being
 * kept, and the lines after it are read as usual. Fields over a column's limit are row errors.
 */
const HEADER = '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率'
const VALID = '2026/10,2000001,2026/10/05,食品,牛乳,2,238,476,8'
const LONG_LINE =
  '1行が長すぎます（最大65,536文字）。この行は読み飛ばしました。改行が抜けていないか、CSVファイルが壊れていないか確かめてください。'
const FIFTY_MB = 50 * 1024 * 1024

/** A statements file with a 50 MB line (generated here, never committed), in 1 MiB writes. */
async function fileWithHugeLine(options: { quoted?: boolean; last?: boolean }) {
  const folder = app.tmpPath('test-long-lines')
  await mkdir(folder, { recursive: true })
  const path = join(folder, `${randomUUID()}.csv`)
  const out = createWriteStream(path)
  out.write(`${HEADER}\r\n${VALID}\r\n2026/10,2000002,2026/10/06,食品,${options.quoted ? '"' : ''}`)
  const block = Buffer.alloc(1024 * 1024, 'x')
  for (let written = 0; written < FIFTY_MB; written += block.length) {
    if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
  }
  out.end(options.last ? '' : `,1,100,100,10\r\n${VALID.replace('牛乳', 'パン')}\r\n`)
  await finished(out)
  return path
}

test.group('Imports: over-long lines and fields', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(() => rm(app.tmpPath('test-long-lines'), { recursive: true, force: true }))

  for (const variant of [
    { name: 'in the middle of the file', quoted: false, last: false },
    { name: 'inside an unclosed quote', quoted: true, last: false },
    { name: 'as the last line, without a line break', quoted: false, last: true },
  ]) {
    test(`a 50 MB line ${variant.name} is a row error within seconds`, async ({ assert }) => {
      await corpusMembers()
      const path = await fileWithHugeLine(variant)
      const batch = await uploadFile({ content: await readFile(path), name: 'huge.csv' })

      const started = performance.now()
      await validateBatch(batch.id)
      const seconds = (performance.now() - started) / 1000
      await batch.refresh()

      assert.isBelow(seconds, 3, `validation took ${seconds.toFixed(1)} s`)
      assert.equal(batch.status, 'invalid')
      assert.deepEqual(await rowErrors(batch.id), [[3, LONG_LINE]])
      // The lines before and after were read (and counted) as usual.
      assert.equal(batch.rowCount, variant.last ? 2 : 3)
      const counts = await statementRowCounts()
      assert.equal(counts.lines, 0)
    }).timeout(120_000)
  }

  test('a line just under the limit is read; one just over is refused', async ({ assert }) => {
    await corpusMembers()
    // A blank trailing column pads the line to exactly the limit (65,536 characters), or one more.
    const padded = (line: string, length: number) => `${line},`.padEnd(length, ' ')
    const under = padded('2026/10,2000002,2026/10/06,食品,パン,1,100,100,10', 65_536)
    const over = padded('2026/10,2000002,2026/10/07,食品,パン,1,100,100,10', 65_537)
    const batch = await uploadFile({
      content: [HEADER, under, over, VALID].join('\n') + '\n',
      name: 'edge.csv',
    })
    await validateBatch(batch.id)
    await batch.refresh()
    assert.deepEqual(await rowErrors(batch.id), [[3, LONG_LINE]])
    assert.equal(batch.rowCount, 3)
  })

  test('member master: an affiliation code or name over its column is a row error', async ({
    assert,
  }) => {
    const header =
      '組合員番号,氏名,フリガナ,生年月日,電話番号,郵便番号,住所,所属コード,所属名,区分,加入日,脱退受理日'
    const row = (number: string, code: string, name: string) =>
      `${number},新井 一郎,アライ イチロウ,19900102,,,,${code},${name},現職,2026-11-01,`
    const batch = await uploadFile(
      {
        content: [
          header,
          row('2000011', 'S'.repeat(20), '学'.repeat(100)),
          row('2000012', 'S'.repeat(21), '新しい学校'),
          row('2000013', 'S901', '学'.repeat(101)),
        ].join('\n'),
        name: '組合員マスタ.csv',
      },
      { kind: 'members', period: null }
    )
    await validateBatch(batch.id)
    assert.deepEqual(await rowErrors(batch.id), [
      [3, '「所属コード」が長すぎます（20文字まで）。'],
      [4, '「所属名」が長すぎます（100文字まで）。'],
    ])
  })
})
