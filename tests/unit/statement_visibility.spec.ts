import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import {
  findVisibleStatement,
  firstVisibleBillingMonth,
  latestVisibleStatement,
  visibleNeighbourMonths,
  visibleStatementMonths,
} from '#domain/statements/statement_visibility'

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

test.group('Statement visibility: what a member page loads', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function reader() {
    const { member, account } = await createRegisteredMember({
      registeredAt: DateTime.fromISO('2026-05-10T00:00:00Z'),
    })
    const line = { category: '食品', itemName: '牛乳', quantity: 1, unitPrice: 100, taxRate: 8 }
    for (const billingMonth of ['2026-05', '2026-07', '2026-08', '2026-10']) {
      await createPublishedStatement({ member, billingMonth, lines: [line, line] })
    }
    return account
  }

  test('months, latest and neighbours leave out the registration month', async ({ assert }) => {
    const account = await reader()
    const months = await visibleStatementMonths(account)
    assert.deepEqual(
      months.map((month) => month.billingMonth),
      ['2026-10', '2026-08', '2026-07']
    )
    const latest = await latestVisibleStatement(account)
    assert.equal(latest?.billingMonth, '2026-10')
    assert.deepEqual(await visibleNeighbourMonths(account, '2026-08'), {
      newer: '2026-10',
      older: '2026-07',
    })
    assert.deepEqual(await visibleNeighbourMonths(account, '2026-07'), {
      newer: '2026-08',
      older: null,
    })
  })

  test('a visible month comes with its lines; any other answers 404 alike', async ({ assert }) => {
    const account = await reader()
    const statement = await findVisibleStatement(account, '2026-08')
    assert.deepEqual(
      statement.lines.map((line) => line.lineNumber),
      [1, 2]
    )
    const statusOf = (promise: Promise<unknown>) =>
      promise.then(
        () => 'found',
        (error: { status?: number }) => error.status
      )
    // Malformed, the registration month, a month with no statement: the same 404.
    for (const month of ['2026-13', 'x', undefined, '2026-05', '2026-09']) {
      assert.equal(await statusOf(findVisibleStatement(account, month)), 404, String(month))
    }
    const { account: stranger } = await createRegisteredMember({
      registeredAt: DateTime.fromISO('2026-05-10T00:00:00Z'),
    })
    assert.equal(await statusOf(findVisibleStatement(stranger, '2026-08')), 404)
  })
})
