import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  chartBillingMonths,
  monthlySeries,
  parseBillingMonth,
  taxRateLabel,
  taxSubtotals,
} from '#domain/statements/statement_summary'

test.group('Statement summary', () => {
  test('billing months in URLs are YYYY-MM', ({ assert }) => {
    assert.equal(parseBillingMonth('2026-10'), '2026-10')
    for (const bad of [
      '2026-13',
      '2026-00',
      '2026-1',
      '202610',
      '2026-10-01',
      'abc',
      '',
      5,
      null,
    ]) {
      assert.isNull(parseBillingMonth(bad), String(bad))
    }
  })

  test('subtotals per tax rate, highest first, returns included', ({ assert }) => {
    const subtotals = taxSubtotals([
      { taxRate: 8, amount: 1000 },
      { taxRate: 10, amount: 2200 },
      { taxRate: 8, amount: -300 },
      { taxRate: 0, amount: 1500 },
    ])
    assert.deepEqual(subtotals, [
      { taxRate: 10, amount: 2200, lineCount: 1 },
      { taxRate: 8, amount: 700, lineCount: 2 },
      { taxRate: 0, amount: 1500, lineCount: 1 },
    ])
    assert.equal(taxRateLabel(0), '非課税・対象外')
    assert.equal(taxRateLabel(8), '8%')
  })

  test('the chart covers the twelve months ending last month, Japan time', ({ assert }) => {
    // 2026-11-30 15:30 UTC is December 1 in Japan: last month is November.
    const months = chartBillingMonths(DateTime.fromISO('2026-11-30T15:30:00Z', { zone: 'utc' }))
    assert.lengthOf(months, 12)
    assert.equal(months[0], '2025-12')
    assert.equal(months[11], '2026-11')
  })

  test('months without a visible statement have no total', ({ assert }) => {
    const now = DateTime.fromISO('2026-11-25T00:00:00Z', { zone: 'utc' })
    const series = monthlySeries(new Map([['2026-10', 1234]]), now)
    assert.deepEqual(series[11], { billingMonth: '2026-10', total: 1234 })
    assert.deepEqual(series[10], { billingMonth: '2026-09', total: null })
  })
})
