import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import {
  aggregateYearlyUsage,
  findYearlyUsage,
  parseUsagePeriod,
  usagePeriod,
  usageYearOf,
  usageYearsOf,
} from '#domain/statements/yearly_usage'

test.group('Yearly usage: periods', () => {
  test('a calendar year is January to December', ({ assert }) => {
    const period = usagePeriod('calendar', 2026)
    assert.equal(period.months.length, 12)
    assert.equal(period.months[0], '2026-01')
    assert.equal(period.months[11], '2026-12')
  })

  test('a fiscal year is April to the next March', ({ assert }) => {
    const period = usagePeriod('fiscal', 2026)
    assert.equal(period.months[0], '2026-04')
    assert.equal(period.months[11], '2027-03')
  })

  test('the fiscal year edges: March belongs to the year before, April starts one', ({
    assert,
  }) => {
    assert.equal(usageYearOf('2027-03', 'fiscal'), 2026)
    assert.equal(usageYearOf('2027-04', 'fiscal'), 2027)
    assert.equal(usageYearOf('2026-03', 'fiscal'), 2025)
    assert.equal(usageYearOf('2026-04', 'fiscal'), 2026)
    assert.equal(usageYearOf('2027-03', 'calendar'), 2027)
    assert.equal(usageYearOf('2026-12', 'calendar'), 2026)
  })

  test('years offered are those with a visible month, newest first', ({ assert }) => {
    const years = usageYearsOf(
      ['2027-04', '2027-03', '2026-12', '2026-06'].map((billingMonth) => ({ billingMonth }))
    )
    assert.deepEqual(years, { calendar: [2027, 2026], fiscal: [2027, 2026] })
    assert.deepEqual(
      usageYearsOf([{ billingMonth: '2027-03' }, { billingMonth: '2026-04' }]).fiscal,
      [2026]
    )
  })

  test('{basis}/{year} is not a period')
    .with([
      { basis: 'weekly', year: '2026' },
      { basis: 'calendar', year: '26' },
      { basis: 'fiscal', year: '2026x' },
      { basis: 'fiscal', year: '1999' },
      { basis: 'calendar', year: undefined },
    ])
    .run(({ assert }, { basis, year }) => {
      assert.isNull(parseUsagePeriod(basis, year))
    })
})

test.group('Yearly usage: aggregation', () => {
  test('totals by month and by category; months without a statement stay empty', ({ assert }) => {
    const usage = aggregateYearlyUsage(
      usagePeriod('fiscal', 2026),
      ['2026-04', '2026-05', '2027-03', '2026-03', '2027-04'],
      [
        { billingMonth: '2026-04', category: '食品', amount: 1000, lineCount: 2 },
        { billingMonth: '2026-04', category: '日用品', amount: 500, lineCount: 1 },
        { billingMonth: '2027-03', category: '食品', amount: 300, lineCount: 1 },
        { billingMonth: '2027-03', category: '返品', amount: -200, lineCount: 1 },
        // Outside fiscal 2026 (March before, April after): ignored.
        { billingMonth: '2026-03', category: '食品', amount: 9999, lineCount: 1 },
        { billingMonth: '2027-04', category: '食品', amount: 9999, lineCount: 1 },
        // A month without a visible statement: ignored.
        { billingMonth: '2026-06', category: '食品', amount: 7777, lineCount: 1 },
      ]
    )
    assert.equal(usage.total, 1600)
    assert.equal(usage.lineCount, 5)
    assert.deepEqual(usage.months[0], { billingMonth: '2026-04', total: 1500, lineCount: 3 })
    // A visible statement without lines is 0, a month without a statement null.
    assert.deepEqual(usage.months[1], { billingMonth: '2026-05', total: 0, lineCount: 0 })
    assert.deepEqual(usage.months[2], { billingMonth: '2026-06', total: null, lineCount: 0 })
    assert.deepEqual(usage.months[11], { billingMonth: '2027-03', total: 100, lineCount: 2 })
    assert.deepEqual(usage.categories, [
      { category: '食品', amount: 1300, lineCount: 3 },
      { category: '日用品', amount: 500, lineCount: 1 },
      { category: '返品', amount: -200, lineCount: 1 },
    ])
    assert.deepEqual(usage.cells['2027-03'], { 食品: 300, 返品: -200 })
  })
})

test.group('Yearly usage: what the member sees', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('only published months from the month after registration count', async ({ assert }) => {
    // Registered 2026-05-20 (Japan time): 2026-06 is the first visible month.
    const { member, account } = await createRegisteredMember({
      registeredAt: DateTime.fromISO('2026-05-20T03:00:00Z'),
    })
    for (const billingMonth of ['2026-04', '2026-05', '2026-06', '2026-07']) {
      await createPublishedStatement({
        member,
        billingMonth,
        lines: [{ category: '食品', quantity: 1, unitPrice: 1000 }],
      })
    }
    const { usage, years } = await findYearlyUsage(account, 'calendar', '2026')
    assert.deepEqual(years, { calendar: [2026], fiscal: [2026] })
    assert.deepEqual(
      usage.months.slice(3, 7).map((m) => [m.billingMonth, m.total]),
      [
        ['2026-04', null],
        ['2026-05', null],
        ['2026-06', 1000],
        ['2026-07', 1000],
      ]
    )
    assert.equal(usage.total, 2000)
    // Fiscal 2025 (2025-04 … 2026-03) has no visible month: not offered, 404.
    await assert.rejects(() => findYearlyUsage(account, 'fiscal', '2025'))
  })

  test('a registration on the last day of March (Japan time) starts with April', async ({
    assert,
  }) => {
    // 2026-03-31 23:30 in Japan is 14:30 UTC the same day.
    const { member, account } = await createRegisteredMember({
      registeredAt: DateTime.fromISO('2026-03-31T14:30:00Z'),
    })
    for (const billingMonth of ['2026-03', '2026-04']) {
      await createPublishedStatement({
        member,
        billingMonth,
        lines: [{ category: '食品', quantity: 1, unitPrice: 100 }],
      })
    }
    const { usage, years } = await findYearlyUsage(account, 'fiscal', '2026')
    assert.deepEqual(years.fiscal, [2026])
    assert.equal(usage.total, 100)
    assert.equal(usage.months[0].billingMonth, '2026-04')
    assert.equal(usage.months[0].total, 100)
  })

  test("another member's statements never count", async ({ assert }) => {
    const registeredAt = DateTime.fromISO('2026-01-10T00:00:00Z')
    const { member, account } = await createRegisteredMember({ registeredAt })
    const { member: other } = await createRegisteredMember({ registeredAt })
    await createPublishedStatement({
      member,
      billingMonth: '2026-06',
      lines: [{ category: '食品', quantity: 1, unitPrice: 100 }],
    })
    await createPublishedStatement({
      member: other,
      billingMonth: '2026-06',
      lines: [{ category: '食品', quantity: 1, unitPrice: 5000 }],
    })
    await createPublishedStatement({
      member: other,
      billingMonth: '2025-06',
      lines: [{ category: '食品', quantity: 1, unitPrice: 5000 }],
    })
    const { usage, years } = await findYearlyUsage(account, 'calendar', '2026')
    assert.equal(usage.total, 100)
    assert.deepEqual(years.calendar, [2026])
  })
})
