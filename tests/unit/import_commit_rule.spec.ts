import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import ImportBatch from '#models/import_batch'
import { committedBatchAttributes } from '#database/factories/import_batch_factory'
import { queueCommit } from '#imports/run/lifecycle'
import type { ImportStatus } from '#models/import_batch'
import { commitRefusal, type CommitActor } from '#domain/imports/import_commit_rule'

test.group('Imports: who may commit which batch when', () => {
  test('{status}, {errorCount} errors, pid {workerPid}: {by} -> {expected}')
    .with([
      { status: 'validated', errorCount: 0, workerPid: null, by: 'clerk', expected: null },
      { status: 'validated', errorCount: 0, workerPid: null, by: 'runner', expected: null },
      // Queued by the clerk's request: only the runner goes on with it.
      { status: 'committing', errorCount: 0, workerPid: null, by: 'runner', expected: null },
      {
        status: 'committing',
        errorCount: 0,
        workerPid: null,
        by: 'clerk',
        expected: 'not_committable',
      },
      // Claimed by a runner already: a second runner does not commit it again.
      {
        status: 'committing',
        errorCount: 0,
        workerPid: 4242,
        by: 'runner',
        expected: 'not_committable',
      },
      { status: 'invalid', errorCount: 3, workerPid: null, by: 'clerk', expected: 'errors_remain' },
      { status: 'invalid', errorCount: 0, workerPid: null, by: 'clerk', expected: 'errors_remain' },
      {
        status: 'validated',
        errorCount: 1,
        workerPid: null,
        by: 'runner',
        expected: 'errors_remain',
      },
      ...(['uploaded', 'validating', 'committed', 'failed', 'rolled_back'] as const).map(
        (status) => ({
          status,
          errorCount: 0,
          workerPid: null,
          by: 'clerk' as const,
          expected: 'not_committable' as const,
        })
      ),
    ] as {
      status: ImportStatus
      errorCount: number
      workerPid: number | null
      by: CommitActor
      expected: string | null
    }[])
    .run(({ assert }, { status, errorCount, workerPid, by, expected }) => {
      assert.equal(commitRefusal({ status, errorCount, workerPid }, by), expected)
    })
})

test.group('Imports: queueing a commit (the conditional update)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function batchWith(errorCount: number) {
    return ImportBatch.create({
      ...committedBatchAttributes('statements', '2026-10'),
      status: 'validated',
      errorCount,
    })
  }

  test('a validated batch with a row error is not queued, even if asked directly', async ({
    assert,
  }) => {
    const withError = await batchWith(1)
    assert.isFalse(await queueCommit(withError))
    await withError.refresh()
    assert.equal(withError.status, 'validated')

    const clean = await batchWith(0)
    assert.isTrue(await queueCommit(clean))
    await clean.refresh()
    assert.equal(clean.status, 'committing')
  })
})
