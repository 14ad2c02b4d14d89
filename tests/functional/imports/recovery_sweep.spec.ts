import { hostname } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import lock from '@adonisjs/lock/services/main'
import db from '@adonisjs/lucid/services/db'
import ImportBatch from '#models/import_batch'
import { BatchTakenOverError, ImportRefusedError } from '#imports/run/errors'
import { commitBatch } from '#imports/run/commit'
import { HEARTBEAT_INTERVAL_MS } from '#imports/run/progress'
import { queueCommit } from '#imports/run/lifecycle'
import { importLock, STALE_AFTER_MS } from '#imports/run/lock'
import { recoverInterruptedImports } from '#imports/run/recovery'
import { startRecoverySweep } from '#imports/recovery_sweep'
import { statementsPipeline } from '#imports/kinds/statements_pipeline'
import { corpusMembers, validateFixture } from '#tests/helpers/imports'

/** A batch as a runner leaves it while it works: status, host, pid, last heartbeat. */
async function running(fields: {
  status?: 'validating' | 'committing'
  host: string
  pid: number | null
  heartbeatAgoMs: number
}) {
  const { batch } = await validateFixture('valid_utf8_lf.csv')
  await ImportBatch.query()
    .where('id', batch.id)
    .update({
      status: fields.status ?? 'committing',
      worker_host: fields.host,
      worker_pid: fields.pid,
      heartbeat_ms: Date.now() - fields.heartbeatAgoMs,
    })
  return batch
}

/** A pid no process has (above Linux's pid_max default). */
const DEAD_PID = 2 ** 22 + 13

test.group('Imports: the periodic recovery sweep', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(async () => {
    await corpusMembers()
  })

  test('the stale threshold is a few heartbeats', ({ assert }) => {
    assert.isAtLeast(STALE_AFTER_MS, 3 * HEARTBEAT_INTERVAL_MS)
    assert.isAtMost(STALE_AFTER_MS, 6 * HEARTBEAT_INTERVAL_MS)
  })

  test('a runner with a fresh heartbeat is never failed, wherever it runs', async ({ assert }) => {
    const elsewhere = await running({ host: 'other-instance', pid: 4242, heartbeatAgoMs: 1000 })
    // Same host, dead pid, but a heartbeat a moment ago: the sweep waits for the heartbeat.
    const here = await running({
      status: 'validating',
      host: hostname(),
      pid: DEAD_PID,
      heartbeatAgoMs: STALE_AFTER_MS - 5000,
    })
    const recovered = await recoverInterruptedImports('sweep')
    assert.notInclude(recovered, elsewhere.id)
    assert.notInclude(recovered, here.id)
    await elsewhere.refresh()
    await here.refresh()
    assert.equal(elsewhere.status, 'committing')
    assert.equal(here.status, 'validating')
  })

  test('a runner whose heartbeat is stale is failed by the sweep, its staged rows and lock dropped', async ({
    assert,
  }) => {
    const batch = await running({
      host: 'other-instance',
      pid: 4242,
      heartbeatAgoMs: STALE_AFTER_MS + 1000,
    })
    const held = importLock(batch)
    assert.isTrue(await held.acquireImmediately(), 'the dead runner held the lock')
    const key = statementsPipeline.lockKey(batch)
    assert.isFalse(await lock.createLock(key).acquireImmediately())

    assert.include(await recoverInterruptedImports('sweep'), batch.id)
    await batch.refresh()
    assert.equal(batch.status, 'failed')
    assert.match(batch.failureMessage!, /以前のデータはそのまま表示されています/)
    const next = lock.createLock(key)
    assert.isTrue(await next.acquireImmediately(), 'the lock is free again')
    await next.release()
  })

  test("the runner's lock is taken with a TTL of the stale threshold (a dead runner's lock expires)", async ({
    assert,
  }) => {
    const batch = await running({ host: 'other-instance', pid: 4242, heartbeatAgoMs: 0 })
    const held = importLock(batch)
    assert.isTrue(await held.acquireImmediately())
    assert.equal(held.getRemainingTime()! <= STALE_AFTER_MS, true)
    assert.isAbove(held.getRemainingTime()!, 0)
    await held.release()
  })

  test('on this host, a live runner with a stale heartbeat (a long transaction) is left alone', async ({
    assert,
  }) => {
    // The parent of the test process is alive, and is not this process.
    const batch = await running({
      host: hostname(),
      pid: process.ppid,
      heartbeatAgoMs: STALE_AFTER_MS * 3,
    })
    assert.notInclude(await recoverInterruptedImports('sweep'), batch.id)
  })

  test('instances sweeping at once: one of them fails the batch', async ({ assert }) => {
    const batch = await running({
      host: 'other-instance',
      pid: 4242,
      heartbeatAgoMs: STALE_AFTER_MS + 1000,
    })
    const sweeps = await Promise.all([
      recoverInterruptedImports('sweep'),
      recoverInterruptedImports('sweep'),
      recoverInterruptedImports('sweep'),
    ])
    assert.lengthOf(
      sweeps.flat().filter((id) => id === batch.id),
      1
    )
  })

  test('the sweep timer runs repeatedly with jitter, does not hold the process, and stops', async ({
    assert,
  }) => {
    const runs: number[] = []
    const sweep = startRecoverySweep({
      intervalMs: 40,
      run: async () => {
        runs.push(Date.now())
        return []
      },
    })
    assert.isFalse(sweep.timerHoldsProcess())
    await sleep(400)
    sweep.stop()
    const seen = runs.length
    assert.isAtLeast(seen, 4)
    const gaps = runs.slice(1).map((at, i) => at - runs[i])
    for (const gap of gaps) assert.isAtLeast(gap, 40 * 0.75 - 5)
    await sleep(150)
    assert.equal(runs.length, seen, 'no sweep after stop')
  })

  test('a failing sweep is logged and the timer goes on', async ({ assert }) => {
    let calls = 0
    const sweep = startRecoverySweep({
      intervalMs: 30,
      run: async () => {
        calls++
        throw new Error('a sweep that fails (expected in this test)')
      },
    })
    await sleep(250)
    sweep.stop()
    assert.isAtLeast(calls, 3)
  })

  test('a runner whose batch recovery failed meanwhile never publishes it', async ({ assert }) => {
    const { batch } = await validateFixture('valid_utf8_lf.csv')
    assert.isTrue(await queueCommit(batch))
    const stagedRows = statementsPipeline.stagedRows
    // Recovery (another instance) fails the batch while the runner is half-way.
    statementsPipeline.stagedRows = async (stuck, client) => {
      await db
        .from('import_batches')
        .where('id', stuck.id)
        .update({ status: 'failed', failure_message: 'recovered', worker_pid: null })
      return stagedRows(stuck, client)
    }
    try {
      await assert.rejects(() => commitBatch(batch.id), BatchTakenOverError as any)
    } finally {
      statementsPipeline.stagedRows = stagedRows
    }
    await batch.refresh()
    assert.equal(batch.status, 'failed')
    assert.equal(batch.failureMessage, 'recovered')
    const pointer = await db.from('billing_months').where('billing_month', '2026-10').first()
    assert.notEqual(pointer?.active_batch_id, batch.id, 'the month never pointed at it')
  })

  test('a queued commit refused by the lock goes back to validated (the month does not look busy)', async ({
    assert,
  }) => {
    const { batch } = await validateFixture('valid_utf8_lf.csv')
    assert.isTrue(await queueCommit(batch))
    const other = lock.createLock(statementsPipeline.lockKey(batch))
    assert.isTrue(await other.acquireImmediately())
    try {
      await assert.rejects(() => commitBatch(batch.id), ImportRefusedError as any)
    } finally {
      await other.release()
    }
    await batch.refresh()
    assert.equal(batch.status, 'validated')
  })
})
