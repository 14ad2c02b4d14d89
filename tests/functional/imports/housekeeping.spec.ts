import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import ImportBatch from '#models/import_batch'
import { commitBatch } from '#imports/run/commit'
import {
  ensureImportsDirectory,
  FILE_RETENTION_DAYS,
  importsDirectory,
  sweepStoredFiles,
} from '#imports/run/stored_files'
import { NEVER_STARTED_MESSAGE, recoverInterruptedImports } from '#imports/run/recovery'
import { queueCommit } from '#imports/run/lifecycle'
import { rollbackBatch } from '#imports/run/rollback'
import { dbTimestamp } from '#domain/common/db_time'
import { corpusMembers, uploadFile, validateFixture } from '#tests/helpers/imports'

function stored(name: string | null) {
  return name !== null && existsSync(join(importsDirectory(), name))
}

async function commitFixture(fixture: string) {
  const { batch } = await validateFixture(fixture)
  await queueCommit(batch)
  return commitBatch(batch.id)
}

/** A batch as a crash leaves it: its row says it changed `days` ago. */
async function backdate(batch: ImportBatch, days: number) {
  const when = dbTimestamp(DateTime.utc().minus({ days }))
  await ImportBatch.query().where('id', batch.id).update({ updated_at: when, created_at: when })
}

test.group('Imports: stored files and batches whose runner never started', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the file of the batch members see is kept; a newer commit deletes the replaced one', async ({
    assert,
  }) => {
    await corpusMembers()
    const first = await commitFixture('valid_utf8_lf.csv')
    const firstFile = first.storedFileName
    assert.isTrue(stored(firstFile))

    const second = await commitFixture('valid_sjis_crlf.csv')
    assert.equal(second.replacedBatchId, first.id)
    assert.isTrue(stored(second.storedFileName))
    await first.refresh()
    assert.isNull(first.storedFileName)
    assert.isFalse(stored(firstFile))
    // The history still says which file it was.
    assert.match(first.fileSha256!, /^[0-9a-f]{64}$/)

    // The boot sweep keeps the file members' month came from.
    await sweepStoredFiles()
    assert.isTrue(stored(second.storedFileName))
  })

  test('rolling back deletes the batch file', async ({ assert }) => {
    await corpusMembers()
    const batch = await commitFixture('valid_utf8_lf.csv')
    const file = batch.storedFileName
    await rollbackBatch(batch.id)
    await batch.refresh()
    assert.equal(batch.status, 'rolled_back')
    assert.isNull(batch.storedFileName)
    assert.isFalse(stored(file))
  })

  test('a validated batch discarded by another commit of its month loses its file', async ({
    assert,
  }) => {
    await corpusMembers()
    const { batch: stale } = await validateFixture('valid_utf8_lf.csv')
    const staleFile = stale.storedFileName
    await commitFixture('valid_sjis_crlf.csv')
    await stale.refresh()
    assert.equal(stale.status, 'failed')
    assert.isNull(stale.storedFileName)
    assert.isFalse(stored(staleFile))
  })

  test('a batch recovery marks failed loses its file', async ({ assert }) => {
    await corpusMembers()
    const { batch } = await validateFixture('valid_utf8_lf.csv')
    const file = batch.storedFileName
    await ImportBatch.query()
      .where('id', batch.id)
      .update({ status: 'validating', worker_host: hostname(), worker_pid: 2 ** 22 + 11 })
    assert.include(await recoverInterruptedImports(), batch.id)
    await batch.refresh()
    assert.equal(batch.status, 'failed')
    assert.isFalse(stored(file))
  })

  test(`an invalid batch keeps its file for ${FILE_RETENTION_DAYS} days, then the boot sweep deletes it`, async ({
    assert,
  }) => {
    await corpusMembers()
    const { batch } = await validateFixture('unknown_member.csv')
    assert.equal(batch.status, 'invalid')
    const file = batch.storedFileName

    await backdate(batch, FILE_RETENTION_DAYS - 1)
    await sweepStoredFiles()
    await batch.refresh()
    assert.equal(batch.storedFileName, file)
    assert.isTrue(stored(file))

    await backdate(batch, FILE_RETENTION_DAYS + 1)
    await sweepStoredFiles()
    await batch.refresh()
    assert.equal(batch.status, 'invalid')
    assert.isNull(batch.storedFileName)
    assert.isFalse(stored(file))
  })

  test('files no batch refers to are deleted once a day old', async ({ assert }) => {
    await ensureImportsDirectory()
    const old = `${randomUUID()}.csv`
    const fresh = `${randomUUID()}.csv`
    await writeFile(join(importsDirectory(), old), 'a cut-off upload')
    await writeFile(join(importsDirectory(), fresh), 'an upload in progress')
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)
    await utimes(join(importsDirectory(), old), twoDaysAgo, twoDaysAgo)
    const waiting = await uploadFile({ fixture: 'valid_utf8_lf.csv' })
    await utimes(join(importsDirectory(), waiting.storedFileName!), twoDaysAgo, twoDaysAgo)

    await sweepStoredFiles()
    assert.isFalse(stored(old))
    assert.isTrue(stored(fresh))
    // Referenced by a batch that still needs it.
    assert.isTrue(stored(waiting.storedFileName))
    await sweepStoredFiles(DateTime.utc())
    assert.isTrue(stored(fresh))
  })

  test('a batch left "uploaded" (its runner never started) is marked failed at boot', async ({
    assert,
  }) => {
    await corpusMembers()
    const stuck = await uploadFile({ fixture: 'valid_utf8_lf.csv' })
    const file = stuck.storedFileName
    await ImportBatch.query()
      .where('id', stuck.id)
      .update({ created_at: dbTimestamp(DateTime.utc().minus({ minutes: 5 })) })
    // Uploaded a moment ago (its runner may be starting, perhaps on another instance).
    const starting = await uploadFile({ fixture: 'valid_sjis_crlf.csv' })

    const recovered = await recoverInterruptedImports()
    assert.include(recovered, stuck.id)
    assert.notInclude(recovered, starting.id)
    await stuck.refresh()
    assert.equal(stuck.status, 'failed')
    assert.equal(stuck.failureMessage, NEVER_STARTED_MESSAGE)
    assert.isFalse(stored(file))
    await starting.refresh()
    assert.equal(starting.status, 'uploaded')
    assert.isTrue(stored(starting.storedFileName))
  })
})
