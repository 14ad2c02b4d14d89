import { test } from '@japa/runner'
import { LINE_TOO_LONG_MESSAGE, MAX_RECORD_CHARS, readCsv } from '#imports/read'
import { parseDate, parseInteger, parseMonth, parseTaxRate } from '#imports/fields'
import { detectEncoding } from '#imports/decode'
import { MAX_STORED_ERRORS } from '#imports/pipeline'
import { RowErrorCollector } from '#imports/run/validate'

async function records(chunks: string[]) {
  async function* source() {
    yield* chunks
  }
  const out = []
  for await (const batch of readCsv(source())) out.push(...batch)
  return out
}

test.group('Imports: reading CSV and values', () => {
  test('quoted fields with commas, "" and line breaks keep physical line numbers', async ({
    assert,
  }) => {
    const result = await records(['a,b\r\n1,"x, ""y"""\r\n2,"multi', '\r\nline"\r\n\r\n3,z'])
    assert.deepEqual(result, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'x, "y"'] },
      { line: 3, fields: ['2', 'multi\r\nline'] },
      { line: 6, fields: ['3', 'z'] },
    ])
  })

  test('a record split across chunks anywhere reads the same', async ({ assert }) => {
    const text = 'h1,h2\n"a,1",b\nc,"d\ne"\nf,g\n'
    const whole = await records([text])
    for (let cut = 1; cut < text.length; cut++) {
      assert.deepEqual(await records([text.slice(0, cut), text.slice(cut)]), whole)
    }
  })

  test('an over-long line is one error wherever the chunks are cut', async ({ assert }) => {
    const long = 'x'.repeat(MAX_RECORD_CHARS + 10)
    const exact = 'y'.repeat(MAX_RECORD_CHARS)
    const text = `h1,h2\r\n${long}\r\n${exact}\r\na,b\r\n"${long}\r\nc,d\r\n`
    const expected = [
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: [], error: LINE_TOO_LONG_MESSAGE },
      { line: 3, fields: [exact] },
      { line: 4, fields: ['a', 'b'] },
      { line: 5, fields: [], error: LINE_TOO_LONG_MESSAGE },
      { line: 6, fields: ['c', 'd'] },
    ]
    assert.deepEqual(await records([text]), expected)
    const cuts = [1, 7, 8, 100, MAX_RECORD_CHARS, MAX_RECORD_CHARS + 8, MAX_RECORD_CHARS + 18]
    for (const size of [...cuts, 4096, 65536]) {
      const chunks: string[] = []
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size))
      assert.deepEqual(await records(chunks), expected, `chunks of ${size}`)
    }
    for (const cut of cuts) {
      assert.deepEqual(await records([text.slice(0, cut), text.slice(cut)]), expected, `cut ${cut}`)
    }
  })

  test('values: amounts, dates, months and tax rates', ({ assert }) => {
    assert.equal(parseInteger('1,234'), 1234)
    assert.equal(parseInteger('１，２３４'), 1234)
    assert.equal(parseInteger('△500'), -500)
    assert.equal(parseInteger('-500'), -500)
    assert.isNull(parseInteger('12,34'))
    assert.isNull(parseInteger('1.5'))
    assert.equal(parseDate('2026/11/05'), '2026-11-05')
    assert.equal(parseDate('2026-11-05'), '2026-11-05')
    assert.equal(parseDate('20261105'), '2026-11-05')
    assert.equal(parseDate('2028/02/29'), '2028-02-29')
    assert.isNull(parseDate('2026/02/29'))
    assert.equal(parseMonth('202610'), '2026-10')
    assert.equal(parseTaxRate('８％'), 8)
    assert.isNull(parseTaxRate('5'))
  })

  test('encoding detection: BOM, UTF-8, CP932, overrides', ({ assert }) => {
    assert.equal(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61])), 'utf-8-bom')
    assert.equal(detectEncoding(Buffer.from('組合員番号')), 'utf-8')
    assert.equal(detectEncoding(Buffer.from([0x91, 0x67, 0x8d, 0x87])), 'shift_jis')
    assert.equal(detectEncoding(Buffer.from('abc'), 'shift_jis'), 'shift_jis')
  })

  test('row errors: every one counted, the first MAX_STORED_ERRORS by line kept', ({ assert }) => {
    const error = (line: number, message = 'e') => ({ line, column: null, message, raw: null })
    const collected = new RowErrorCollector()
    // The scan's errors, in line order, more than can be kept.
    for (let line = 2; line < MAX_STORED_ERRORS + 1_000; line++) collected.add(error(line))
    // Errors found after the scan (duplicate lines): earlier lines displace later ones.
    collected.add(error(1, 'late'))
    collected.add(error(5, 'late'))
    collected.add(error(MAX_STORED_ERRORS + 5_000, 'late'))
    assert.equal(collected.count, MAX_STORED_ERRORS + 998 + 3)
    const stored = collected.stored()
    assert.lengthOf(stored, MAX_STORED_ERRORS)
    assert.deepEqual(
      stored.slice(0, 6).map((e) => [e.line, e.message]),
      [
        [1, 'late'],
        [2, 'e'],
        [3, 'e'],
        [4, 'e'],
        [5, 'e'],
        [5, 'late'],
      ]
    )
    assert.equal(stored[stored.length - 1].line, MAX_STORED_ERRORS - 1)
  })
})
