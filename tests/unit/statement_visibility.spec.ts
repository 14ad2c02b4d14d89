import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { firstVisibleBillingMonth } from '#domain/statements/statement_visibility'

test.group('Statement visibility: from the month after registration', () => {
  test('registered {registeredAt} -> first visible {month}')
    .with([
      { registeredAt: '2026-05-10T03:00:00Z', month: '2026-06' },
      { registeredAt: '2026-12-31T10:00:00Z', month: '2027-01' },
      // 14:30 UTC is 23:30 in Japan: still May there
      { registeredAt: '2026-05-31T14:30:00Z', month: '2026-06' },
      // 2026-05-31 15:30 UTC is June 1st 00:30 in Japan: registered in June
      { registeredAt: '2026-05-31T15:30:00Z', month: '2026-07' },
    ])
    .run(({ assert }, { registeredAt, month }) => {
      assert.equal(firstVisibleBillingMonth(DateTime.fromISO(registeredAt, { zone: 'utc' })), month)
    })
})
