import { hostname } from 'node:os'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import lock from '@adonisjs/lock/services/main'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import ImportBatch from '#models/import_batch'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { commitBatch } from '#imports/run/commit'
import { ImportRefusedError } from '#imports/run/errors'
import { queueCommit } from '#imports/run/lifecycle'
import { recoverInterruptedImports } from '#imports/run/recovery'
import { rollbackBatch } from '#imports/run/rollback'
import { validateBatch } from '#imports/run/validate'
import { visibleStatementsQuery } from '#domain/statements/statement_visibility'
import { corpusMembers, countOf, uploadFile, validateFixture } from '#tests/helpers/imports'

const REGISTERED = DateTime.fromISO('2026-01-10T00:00:00Z')

async function visibleTotal(memberId: number, month: string) {
  const rows = await visibleStatementsQuery(memberId, REGISTERED).where(
    'statements.billing_month',
    month
  )
  return rows.map((s) => [s.totalAmount, s.lineCount])
}

async function commitFixture(fixture: string) {
  const { batch } = await validateFixture(fixture)
  await queueCommit(batch)
  return commitBatch(batch.id)
}

test.group('Imports: commit, replace, rollback, lock, recovery', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('committing a month replaces it for every member at once; rollback restores it', async ({
    assert,
  }) => {
    const [first, second] = await corpusMembers()
    await createPublishedStatement({
      member: first,
      billingMonth: '2026-10',
      lines: [{ category: '食品', itemName: '旧データ', quantity: 1, unitPrice: 100 }],
    })
    const previousPointer = await db
      .from('billing_months')
      .where('billing_month', '2026-10')
      .first()
    assert.deepEqual(await visibleTotal(first.id, '2026-10'), [[100, 1]])

    const committed = await commitFixture('valid_sjis_crlf.csv')
    assert.equal(committed.status, 'committed')
    assert.equal(committed.replacedBatchId, previousPointer.active_batch_id)
    assert.deepEqual(await visibleTotal(first.id, '2026-10'), [[476 + 1398, 2]])
    assert.deepEqual(await visibleTotal(second.id, '2026-10'), [[-238 + 1200, 2]])
    const lines = await db
      .from('statement_lines')
      .join('statements', 'statements.id', 'statement_lines.statement_id')
      .where('statements.import_batch_id', committed.id)
      .where('statements.member_id', second.id)
      .orderBy('line_number')
      .select('line_number', 'line_date', 'item_name', 'quantity', 'amount', 'tax_rate')
    assert.deepEqual(
      lines.map((l) => [l.line_number, l.line_date, l.item_name, l.quantity, l.amount, l.tax_rate]),
      [
        [1, '2026-10-20', '牛乳（返品）', -1, -238, 8],
        [2, '2026-10-21', '共済掛金"A"', 1, 1200, 0],
      ]
    )

    await rollbackBatch(committed.id)
    await committed.refresh()
    assert.equal(committed.status, 'rolled_back')
    assert.deepEqual(await visibleTotal(first.id, '2026-10'), [[100, 1]])
    assert.deepEqual(await visibleTotal(second.id, '2026-10'), [])
  })

  test('only the batch members see can be rolled back', async ({ assert }) => {
    await corpusMembers()
    const older = await commitFixture('valid_sjis_crlf.csv')
    const newer = await commitFixture('valid_utf8_bom.csv')
    assert.equal(newer.replacedBatchId, older.id)
    await assert.rejects(() => rollbackBatch(older.id), ImportRefusedError as any)
    await rollbackBatch(newer.id)
    const pointer = await db.from('billing_months').where('billing_month', '2026-10').first()
    assert.equal(pointer.active_batch_id, older.id)
  })

  test('a file with errors cannot be committed', async ({ assert }) => {
    await corpusMembers()
    const { batch } = await validateFixture('unknown_member.csv')
    assert.isFalse(await queueCommit(batch))
    await assert.rejects(() => commitBatch(batch.id), /エラーが残っているため反映できません/)
    assert.equal(await countOf(db.from('statements')), 0)
  })

  test('two imports of the same month cannot run at once', async ({ assert }) => {
    await corpusMembers()
    const batch = await uploadFile({ fixture: 'valid_utf8_lf.csv' })
    const held = lock.createLock('imports:statements:2026-10', null)
    assert.isTrue(await held.acquireImmediately())
    try {
      await assert.rejects(() => validateBatch(batch.id), /同じ対象の取込が実行中です/)
      await batch.refresh()
      assert.equal(batch.status, 'failed')
      // Another month is not blocked.
      const other = await uploadFile({ fixture: 'valid_utf8_lf.csv' }, { period: '2026-09' })
      await validateBatch(other.id)
      await other.refresh()
      assert.equal(other.status, 'invalid')
    } finally {
      await held.release()
    }
  })

  test('recovery marks a batch left committing by a dead process failed and purges its rows', async ({
    assert,
  }) => {
    const [member] = await corpusMembers()
    await createPublishedStatement({
      member,
      billingMonth: '2026-10',
      lines: [{ category: '食品', itemName: '旧データ', quantity: 1, unitPrice: 100 }],
    })
    const { batch } = await validateFixture('valid_utf8_lf.csv')
    // What a killed runner leaves: rows staged under the batch, status committing, a dead pid.
    assert.isAbove(await countOf(db.from('statements').where('import_batch_id', batch.id)), 0)
    await ImportBatch.query()
      .where('id', batch.id)
      .update({
        status: 'committing',
        worker_host: hostname(),
        worker_pid: 2 ** 22 + 7,
      })
    const recovered = await recoverInterruptedImports()
    assert.include(recovered, batch.id)
    await batch.refresh()
    assert.equal(batch.status, 'failed')
    assert.match(batch.failureMessage!, /以前のデータはそのまま表示されています/)
    assert.equal(await countOf(db.from('statements').where('import_batch_id', batch.id)), 0)
    assert.deepEqual(await visibleTotal(member.id, '2026-10'), [[100, 1]])
  })

  test('a running batch of another live process is left alone', async ({ assert }) => {
    await corpusMembers()
    const { batch } = await validateFixture('valid_utf8_lf.csv')
    await ImportBatch.query()
      .where('id', batch.id)
      .update({ status: 'committing', worker_host: 'other-instance', heartbeat_ms: Date.now() })
    assert.notInclude(await recoverInterruptedImports(), batch.id)
  })
})
