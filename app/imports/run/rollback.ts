import { DateTime } from 'luxon'
import ImportBatch from '#models/import_batch'
import { transaction } from '#services/transaction'
import { ImportRefusedError } from '#imports/run/errors'
import { pipelineFor } from '#imports/run/pipelines'
import { importLock, releaseImportLock } from '#imports/run/lock'
import { removeStoredFile } from '#imports/run/stored_files'
import { ROLLBACK_REFUSAL_MESSAGES, rollbackRefusal } from '#domain/imports/import_rollback_rule'

/** Rollback: only the batch members currently see; they see the one it replaced again. */
export async function rollbackBatch(batchId: number): Promise<ImportBatch> {
  const batch = await ImportBatch.findOrFail(batchId)
  const refusal = await rollbackRefusal(batch)
  if (refusal) throw new ImportRefusedError(ROLLBACK_REFUSAL_MESSAGES[refusal])
  const pipeline = pipelineFor(batch.kind)
  const held = importLock(batch)
  if (!(await held.acquireImmediately())) {
    throw new ImportRefusedError('同じ対象の取込が実行中です。終わってからもう一度お試しください。')
  }
  const file = batch.storedFileName
  try {
    await transaction(async (trx) => {
      await pipeline.unpublish(batch, batch.replacedBatchId, trx)
      batch.useTransaction(trx)
      batch.status = 'rolled_back'
      batch.rolledBackAt = DateTime.utc()
      batch.storedFileName = null
      await batch.save()
    })
    await removeStoredFile(file)
    return batch
  } finally {
    await releaseImportLock(batch)
  }
}
