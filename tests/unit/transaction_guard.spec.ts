import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Affiliation from '#models/affiliation'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { QueryOutsideTransactionError, transaction } from '#services/transaction'

/*
 * A query inside transaction() that does not use its trx deadlocks SQLite (one
 * connection, held by the transaction) and escapes atomicity on PostgreSQL; the
 * guard turns it into an immediate error, with or without the suites' global
 * transaction.
 */
async function escapingAndJoiningQueries(affiliationId: number) {
  return transaction(async (trx) => {
    const joined = await Affiliation.query({ client: trx }).where('id', affiliationId).first()
    const escaped = await Affiliation.find(affiliationId).then(
      () => null,
      (error: Error) => error
    )
    return { joined, escaped }
  })
}

test.group('Transaction guard, pooled connections (as deployed)', () => {
  test('a query outside the open transaction fails at once; queries through it run', async ({
    assert,
  }) => {
    const affiliation = await AffiliationFactory.create()
    try {
      const started = Date.now()
      const { joined, escaped } = await escapingAndJoiningQueries(affiliation.id)
      assert.equal(joined?.id, affiliation.id)
      assert.instanceOf(escaped, QueryOutsideTransactionError)
      assert.isBelow(Date.now() - started, 2000)
      // After the transaction, the pool serves as before.
      const after = await Affiliation.findOrFail(affiliation.id)
      assert.equal(after.id, affiliation.id)
    } finally {
      await db.from('affiliations').where('id', affiliation.id).delete()
    }
  })

  test('work still running after the transaction ended is not held to it', async ({ assert }) => {
    const affiliation = await AffiliationFactory.create()
    try {
      let later: Promise<unknown> = Promise.resolve()
      await transaction(async () => {
        later = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
          Affiliation.find(affiliation.id)
        )
      })
      const found = (await later) as Affiliation | null
      assert.equal(found?.id, affiliation.id)
    } finally {
      await db.from('affiliations').where('id', affiliation.id).delete()
    }
  })
})

test.group('Transaction guard, under the global test transaction', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the escape is caught although the global transaction would serve it', async ({
    assert,
  }) => {
    const affiliation = await AffiliationFactory.create()
    const { joined, escaped } = await escapingAndJoiningQueries(affiliation.id)
    assert.equal(joined?.id, affiliation.id)
    assert.instanceOf(escaped, QueryOutsideTransactionError)
  })
})
