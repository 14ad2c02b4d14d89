import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import ImportBatch from '#models/import_batch'
import { transaction } from '#services/transaction'
import { dbTimestamp } from '#domain/common/db_time'
import { ImportFileError } from '#imports/decode'
import { BatchTakenOverError, ImportRefusedError } from '#imports/run/errors'
import { pipelineFor } from '#imports/run/pipelines'
import { importLock, releaseImportLock } from '#imports/run/lock'
import { progressReporter, startHeartbeat } from '#imports/run/progress'
import {
  claim,
  discardStaleBatches,
  markFailed,
  purgeDiscarded,
  settle,
} from '#imports/run/lifecycle'
import { forgetStoredFile } from '#imports/run/stored_files'
import {
  COMMIT_REFUSAL_MESSAGES,
  commitRefusal,
  isQueuedCommit,
} from '#domain/imports/import_commit_rule'

/** Commit: write every row under the batch, then point the period at it in one update. */
export async function commitBatch(batchId: number): Promise<ImportBatch> {
  const client = db.connection()
  const batch = await ImportBatch.findOrFail(batchId)
  // 'committing' without a pid: claimed by the request that queued it (queueCommit).
  const queued = isQueuedCommit(batch)
  const refusal = commitRefusal(batch, 'runner')
  if (refusal) throw new ImportRefusedError(COMMIT_REFUSAL_MESSAGES[refusal])
  const pipeline = pipelineFor(batch.kind)
  const held = importLock(batch)
  if (!(await held.acquireImmediately())) {
    // Queued by the request: back to 'validated', so the clerk can press 反映 again later
    // (left 'committing', the month would look busy until recovery).
    if (queued) {
      await db
        .from('import_batches')
        .where('id', batch.id)
        .where('status', 'committing')
        .whereNull('worker_pid')
        .update({ status: 'validated', updated_at: dbTimestamp() })
    }
    throw new ImportRefusedError('同じ対象の取込が実行中です。終わってからもう一度お試しください。')
  }
  let stopHeartbeat = () => {}
  try {
    await claim(batch, 'committing')
    stopHeartbeat = startHeartbeat(batch, 'committing', held)
    try {
      const progress = progressReporter(batch, client)
      await progress(0)
      const staged = await pipeline.stagedRows(batch, client)
      if (staged !== batch.rowCount) {
        throw new ImportFileError(
          `検証済みの行数（${batch.rowCount}行）と準備済みの行数（${staged}行）が合いません。もう一度アップロードしてください。`
        )
      }
      await progress(batch.fileSize)
      await transaction(async (trx) => {
        if (pipeline.apply) await pipeline.apply(batch, trx)
        // Still ours? (Recovery may have failed it meanwhile.) Checked inside the transaction,
        // before the pointer moves: a taken-over batch rolls the whole commit back.
        await settle(batch, 'committing', 'committed', trx)
        const replaced = await pipeline.publish(batch, trx)
        batch.useTransaction(trx)
        batch.replacedBatchId = replaced
        batch.committedAt = DateTime.utc()
        batch.progressDone = batch.fileSize
        await batch.save()
        // Validated batches of the same period that were never committed are now stale.
        await discardStaleBatches(batch, trx)
      })
      await purgeDiscarded(batch)
      // The batch it replaced is no longer shown: its file is not needed any more.
      if (batch.replacedBatchId) await forgetStoredFile(batch.replacedBatchId)
      return batch
    } catch (error) {
      logger.error({ err: error, batchId }, 'import commit failed')
      await pipeline.purge(batch.id, client)
      if (!(error instanceof BatchTakenOverError)) {
        await markFailed(
          await ImportBatch.findOrFail(batch.id),
          error instanceof ImportFileError
            ? error.message
            : '反映中に問題が起きたため中断しました。以前のデータはそのまま表示されています。'
        )
      }
      throw error
    }
  } finally {
    stopHeartbeat()
    await releaseImportLock(batch)
  }
}
