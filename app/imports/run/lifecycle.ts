import { hostname } from 'node:os'
import db from '@adonisjs/lucid/services/db'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import ImportBatch, { type ImportKind, type ImportStatus } from '#models/import_batch'
import { dbTimestamp } from '#domain/common/db_time'
import type { EncodingChoice } from '#imports/decode'
import { affectedRows } from '#imports/run/affected_rows'
import { BatchTakenOverError, ImportRefusedError } from '#imports/run/errors'
import { pipelineFor } from '#imports/run/pipelines'
import { forgetStoredFile, removeStoredFile } from '#imports/run/stored_files'
import { whereClerkMayCommit } from '#domain/imports/import_commit_rule'

/*
 * A batch's states and the conditional updates that move it between them:
 * uploaded -> validating -> invalid | validated -> committing -> committed -> rolled_back,
 * and failed from any running state. The work itself runs off the request path (spawn.ts).
 */

/** A new upload, waiting for its runner to validate it. */
export async function createBatch(input: {
  kind: ImportKind
  period: string | null
  originalFileName: string
  storedFileName: string
  fileSize: number
  fileSha256: string
  encodingChoice: EncodingChoice
  staffId: number | null
}): Promise<ImportBatch> {
  return ImportBatch.create({
    kind: input.kind,
    period: input.period,
    status: 'uploaded',
    originalFileName: input.originalFileName.slice(0, 255),
    storedFileName: input.storedFileName,
    fileSha256: input.fileSha256,
    fileSize: input.fileSize,
    encoding: null,
    encodingChoice: input.encodingChoice,
    rowCount: 0,
    errorCount: 0,
    memberCount: 0,
    totalAmount: 0,
    summaryJson: null,
    progressDone: 0,
    progressTotal: input.fileSize,
    failureMessage: null,
    createdByStaffId: input.staffId,
  })
}

/** Another batch of the same kind and period being validated or committed right now. */
export async function runningBatchFor(kind: ImportKind, period: string | null) {
  const query = ImportBatch.query()
    .where('kind', kind)
    .whereIn('status', ['validating', 'committing'])
  if (period === null) query.whereNull('period')
  else query.where('period', period)
  return query.first()
}

/**
 * The runner takes the batch with its host, pid and a first heartbeat, in one conditional
 * update: a batch recovery failed meanwhile (its child started too late) stays failed.
 */
export async function claim(batch: ImportBatch, status: 'validating' | 'committing') {
  const query = db.from('import_batches').where('id', batch.id)
  if (status === 'validating') query.whereIn('status', ['uploaded', 'validating'])
  else {
    query.where((q) =>
      q.where('status', 'validated').orWhere((queued) => {
        queued.where('status', 'committing').whereNull('worker_pid')
      })
    )
  }
  const updated = await query.update({
    status,
    progress_done: 0,
    progress_total: batch.fileSize,
    failure_message: null,
    worker_host: hostname().slice(0, 100),
    worker_pid: process.pid,
    heartbeat_ms: Date.now(),
    updated_at: dbTimestamp(),
  })
  if (affectedRows(updated) !== 1) {
    throw new ImportRefusedError('この取込は実行できる状態ではありません。')
  }
  await batch.refresh()
}

/**
 * Moves the batch from `from` to `to` only while it is still this runner's (recovery may have
 * failed it): one conditional update, so a runner whose batch was taken over never
 * overwrites 'failed' nor publishes it.
 */
export async function settle(
  batch: ImportBatch,
  from: ImportStatus,
  to: ImportStatus,
  client: QueryClientContract
) {
  const updated = await client
    .from('import_batches')
    .where('id', batch.id)
    .where('status', from)
    .where('worker_pid', process.pid)
    .update({ status: to })
  if (affectedRows(updated) !== 1) throw new BatchTakenOverError(batch.id)
  batch.status = to
}

/**
 * Marks a batch the clerk may commit (import_commit_rule.ts) 'committing' at once, for the page
 * to show progress before the runner starts: one conditional update, so a double click queues
 * one commit.
 */
export async function queueCommit(batch: ImportBatch): Promise<boolean> {
  const updated = await whereClerkMayCommit(db.from('import_batches').where('id', batch.id)).update(
    {
      status: 'committing',
      progress_done: 0,
      worker_host: hostname().slice(0, 100),
      worker_pid: null,
      heartbeat_ms: Date.now(),
    }
  )
  return affectedRows(updated) === 1
}

const DISCARDED_MESSAGE = '同じ対象の別の取込が反映されたため、この取込は破棄されました。'

export async function discardStaleBatches(batch: ImportBatch, trx: TransactionClientContract) {
  await trx
    .from('import_batches')
    .where('kind', batch.kind)
    .where('period', batch.period ?? '')
    .where('status', 'validated')
    .whereNot('id', batch.id)
    .update({ status: 'failed', failure_message: DISCARDED_MESSAGE })
}

export async function purgeDiscarded(batch: ImportBatch) {
  const stale = await ImportBatch.query()
    .where('kind', batch.kind)
    .where('period', batch.period ?? '')
    .where('status', 'failed')
    .where('failure_message', DISCARDED_MESSAGE)
  for (const other of stale) {
    await pipelineFor(batch.kind).purge(other.id, db.connection())
    await forgetStoredFile(other.id)
  }
}

export async function markFailed(batch: ImportBatch, message: string) {
  const file = batch.storedFileName
  batch.status = 'failed'
  batch.failureMessage = message
  batch.workerPid = null
  // A failed batch is never read again (the clerk uploads anew): its file goes now.
  batch.storedFileName = null
  await batch.save()
  await removeStoredFile(file)
}
