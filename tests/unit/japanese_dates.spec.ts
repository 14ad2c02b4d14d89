import { test } from '@japa/runner'
import { parseFlexibleDate } from '#domain/japanese_dates'

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
    ])
    .run(({ assert }, { input, iso }) => {
      assert.equal(parseFlexibleDate(input)?.toISODate(), iso)
    })

  test('{$self} is not a date')
    .with(['', '1980/2/30', '1980/13/1', 'abc', '12345', '昭和0年1月1日'])
    .run(({ assert }, input) => {
      assert.isNull(parseFlexibleDate(input))
    })
})
