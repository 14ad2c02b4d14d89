import { test } from '@japa/runner'
import {
  comparableName,
  digitsOnly,
  foldWidth,
  formatPhone,
  formatPostalCode,
  searchableName,
} from '#domain/common/japanese_text'
import { formatBillingMonth, formatJapaneseDate, formatYen } from '#domain/common/formatting'
import { DateTime } from 'luxon'
import { normalizeAddress, normalizeName } from '#domain/members/profile_changes'
import { cleanText } from '#imports/fields'

test.group('Japanese input normalisation and display formats', () => {
  test('full-width digits and every kind of hyphen reduce to digits', ({ assert }) => {
    assert.equal(digitsOnly('０９０－１２３４－５６７８'), '09012345678')
    assert.equal(digitsOnly('090ー1234ー5678'), '09012345678')
    assert.equal(digitsOnly('〒910-0001'), '9100001')
  })

  test('names compare across width, hiragana/katakana and spaces', ({ assert }) => {
    assert.equal(comparableName('やまだ\u3000はなこ'), 'ヤマダハナコ')
    assert.equal(comparableName('ﾔﾏﾀﾞ ﾊﾅｺ'), 'ヤマダハナコ')
    assert.equal(searchableName('山田 花子', 'やまだ はなこ'), '山田花子 ヤマダハナコ')
  })

  test('phones, postal codes, dates, months and money print as the UI conventions say', ({
    assert,
  }) => {
    assert.equal(formatPhone('09012345678'), '090-1234-5678')
    assert.equal(formatPhone('0776231889'), '0776-23-1889')
    assert.equal(formatPostalCode('9100001'), '〒910-0001')
    assert.equal(formatJapaneseDate(DateTime.fromISO('2026-11-25')), '2026年11月25日')
    assert.equal(formatBillingMonth('2026-10'), '2026年10月分')
    assert.equal(formatYen(1234), '1,234円')
    assert.equal(formatYen(-1234), '\u22121,234円')
    assert.equal(formatYen(0), '0円')
  })
})

test.group('Variant kanji are kept as typed (CJK compatibility ideographs)', () => {
  test('width and kana are folded, 塚 (U+FA10) and 﨑 stay what the member wrote', ({ assert }) => {
    assert.equal(foldWidth('\uFA10本 ｱｲｺ １２３'), '\uFA10本 アイコ 123')
    assert.equal(foldWidth('\uFA10').codePointAt(0), 0xfa10)
    assert.equal(foldWidth('\u{2F800}田ﾀﾛｳ'), '\u{2F800}田タロウ')
    assert.equal(normalizeName('\uFA10本\u3000花子'), '\uFA10本 花子')
    assert.equal(normalizeAddress('福井市\uFA10町１－２'), '福井市\uFA10町1-2')
    assert.equal(cleanText('\uFA10本 ﾊﾅｺ'), '\uFA10本 ハナコ')
  })

  test('comparisons still find 塚本 typed either way', ({ assert }) => {
    assert.equal(comparableName('\uFA10本'), comparableName('\u585A本'))
  })
})
