import { test } from '@japa/runner'
import {
  comparableName,
  digitsOnly,
  formatPhone,
  formatPostalCode,
  searchableName,
} from '#domain/japanese_text'
import { formatBillingMonth, formatJapaneseDate, formatYen } from '#domain/formatting'
import { DateTime } from 'luxon'

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
