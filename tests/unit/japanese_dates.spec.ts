import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { parseFlexibleDate } from '#domain/common/japanese_dates'
import { formatJapaneseEraDate, formatJapaneseEraYear } from '#domain/common/formatting'

test.group('Dates as staff type them', () => {
  test('{input} -> {iso}')
    .with([
      { input: '1980/4/1', iso: '1980-04-01' },
      { input: '1980-04-01', iso: '1980-04-01' },
      { input: '19800401', iso: '1980-04-01' },
      { input: '１９８０／０４／０１', iso: '1980-04-01' },
      { input: '1980年4月1日', iso: '1980-04-01' },
      { input: '昭和55年4月1日', iso: '1980-04-01' },
      { input: 'S55.4.1', iso: '1980-04-01' },
      { input: '平成元年1月8日', iso: '1989-01-08' },
      { input: '令和8年11月25日', iso: '2026-11-25' },
      // The last and first days of eras, as Intl's Japanese calendar has them.
      { input: '昭和64年1月7日', iso: '1989-01-07' },
      { input: '平成31年4月30日', iso: '2019-04-30' },
      { input: '令和元年5月1日', iso: '2019-05-01' },
      { input: 'R1.5.1', iso: '2019-05-01' },
      { input: '昭和元年12月25日', iso: '1926-12-25' },
    ])
    .run(({ assert }, { input, iso }) => {
      assert.equal(parseFlexibleDate(input)?.toISODate(), iso)
    })

  test('{$self} is not a date')
    .with([
      '',
      '1980/2/30',
      '1980/13/1',
      'abc',
      '12345',
      '昭和0年1月1日',
      // Days that never existed in that era.
      '昭和64年1月8日',
      '平成31年5月1日',
      '平成32年1月1日',
      '令和元年4月30日',
      '大正15年12月25日',
    ])
    .run(({ assert }, input) => {
      assert.isNull(parseFlexibleDate(input))
    })
})

test.group('和暦 as staff screens show it (Intl Japanese calendar)', () => {
  test('{iso} -> {era}')
    .with([
      { iso: '1989-01-07', era: '昭和64年1月7日' },
      { iso: '1989-01-08', era: '平成元年1月8日' },
      { iso: '2019-04-30', era: '平成31年4月30日' },
      { iso: '2019-05-01', era: '令和元年5月1日' },
      { iso: '2026-11-25', era: '令和8年11月25日' },
      { iso: '1926-12-24', era: '大正15年12月24日' },
      { iso: '1926-12-25', era: '昭和元年12月25日' },
    ])
    .run(({ assert }, { iso, era }) => {
      assert.equal(formatJapaneseEraDate(DateTime.fromISO(iso)), era)
    })

  test('the era year alone, for a 西暦 date beside it', ({ assert }) => {
    assert.equal(formatJapaneseEraYear(DateTime.fromISO('1980-04-01')), '昭和55年')
    assert.equal(formatJapaneseEraYear(DateTime.fromISO('2019-05-01')), '令和元年')
  })

  test('every fifth day from 1900 to 2030, and each era change, reads back to itself', ({
    assert,
  }) => {
    let day = DateTime.fromISO('1900-01-01', { zone: 'utc' })
    const end = DateTime.fromISO('2030-12-31', { zone: 'utc' })
    let checked = 0
    while (day <= end) {
      assert.equal(parseFlexibleDate(formatJapaneseEraDate(day))?.toISODate(), day.toISODate())
      day = day.plus({ days: 5 })
      checked++
    }
    assert.equal(checked, 9570)
    for (const iso of ['1912-07-29', '1912-07-30', '1926-12-24', '1926-12-25', '1989-01-07']) {
      const date = DateTime.fromISO(iso, { zone: 'utc' })
      assert.equal(parseFlexibleDate(formatJapaneseEraDate(date))?.toISODate(), iso)
    }
  })
})
