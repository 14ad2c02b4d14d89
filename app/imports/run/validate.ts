import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import ImportBatch from '#models/import_batch'
import { detectEncoding, ImportFileError, readSample, type EncodingChoice } from '#imports/decode'
import type { RowError } from '#imports/rows'
import { MAX_STORED_ERRORS } from '#imports/pipeline'
import { BatchTakenOverError, ImportRefusedError } from '#imports/run/errors'
import { pipelineFor } from '#imports/run/pipelines'
import { importLock, releaseImportLock } from '#imports/run/lock'
import { progressReporter, startHeartbeat } from '#imports/run/progress'
import { claim, markFailed, settle } from '#imports/run/lifecycle'
import { storedFilePath } from '#imports/run/stored_files'

/**
 * Counts every row error and keeps the first MAX_STORED_ERRORS by line (a line's own errors in
 * the order given). Errors given in line order (the scan) are kept or dropped as they come, so
 * memory stays at MAX_STORED_ERRORS; errors found later (duplicates, in SQL) are merged in.
 */
export class RowErrorCollector {
  count = 0
  #kept: RowError[] = []
  #maxLine = -Infinity

  add = (error: RowError) => {
    this.count++
    // Sorted after every kept error (a stable sort keeps earlier arrivals first): dropped.
    if (this.#kept.length >= MAX_STORED_ERRORS && error.line >= this.#maxLine) return
    this.#kept.push(error)
    if (error.line > this.#maxLine) this.#maxLine = error.line
    if (this.#kept.length >= 2 * MAX_STORED_ERRORS) this.#trim()
  }

  #trim() {
    this.#kept.sort((a, b) => a.line - b.line)
    if (this.#kept.length > MAX_STORED_ERRORS) this.#kept.length = MAX_STORED_ERRORS
    this.#maxLine = this.#kept.length ? this.#kept[this.#kept.length - 1].line : -Infinity
  }

  stored(): RowError[] {
    this.#trim()
    return this.#kept
  }
}

async function storeErrors(batchId: number, errors: RowError[], client: QueryClientContract) {
  await client.from('import_row_errors').where('import_batch_id', batchId).delete()
  for (let start = 0; start < errors.length; start += 200) {
    await client.table('import_row_errors').multiInsert(
      errors.slice(start, start + 200).map((e) => ({
        import_batch_id: batchId,
        line_number: e.line,
        column_name: e.column,
        message: e.message.slice(0, 500),
        raw_line: e.raw,
      }))
    )
  }
}

/** Validation: scan the stored file, count, total, compare, keep every row error. */
export async function validateBatch(batchId: number): Promise<ImportBatch> {
  const client = db.connection()
  const batch = await ImportBatch.findOrFail(batchId)
  if (!['uploaded', 'validating'].includes(batch.status)) {
    throw new ImportRefusedError('この取込はすでに検証済みです。')
  }
  const pipeline = pipelineFor(batch.kind)
  const held = importLock(batch)
  if (!(await held.acquireImmediately())) {
    await markFailed(batch, '同じ対象の取込が実行中のため、検証を開始できませんでした。')
    throw new ImportRefusedError('同じ対象の取込が実行中です。終わってからもう一度お試しください。')
  }
  let stopHeartbeat = () => {}
  try {
    await claim(batch, 'validating')
  } catch (error) {
    await releaseImportLock(batch)
    throw error
  }
  try {
    stopHeartbeat = startHeartbeat(batch, 'validating', held)
    const collected = new RowErrorCollector()
    const onError = collected.add
    try {
      const sample = await readSample(storedFilePath(batch))
      const encoding = detectEncoding(sample, (batch.encodingChoice ?? 'auto') as EncodingChoice)
      batch.encoding = encoding
      const outcome = await pipeline.validate({
        batch,
        client,
        path: storedFilePath(batch),
        encoding,
        onError,
        countErrors: (count) => (collected.count += count),
        progress: progressReporter(batch, client),
      })
      if (outcome.scan.sha256 !== batch.fileSha256) {
        throw new Error('stored file changed after upload')
      }
      batch.rowCount = outcome.rowCount
      batch.memberCount = outcome.memberCount
      batch.totalAmount = outcome.totalAmount
      batch.summaryJson = JSON.stringify(outcome.summary)
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error
      onError({ line: error.lineNumber, column: null, message: error.message, raw: null })
    }
    const errorCount = collected.count
    // A file with errors can never be committed: drop what was staged.
    if (errorCount > 0) await pipeline.purge(batch.id, client)
    await storeErrors(batch.id, collected.stored(), client)
    stopHeartbeat()
    await settle(batch, 'validating', errorCount > 0 ? 'invalid' : 'validated', client)
    batch.errorCount = errorCount
    batch.progressDone = batch.fileSize
    batch.validatedAt = DateTime.utc()
    await batch.save()
    return batch
  } catch (error) {
    logger.error({ err: error, batchId }, 'import validation failed')
    await pipeline.purge(batch.id, client)
    // Taken over: recovery already failed the batch (and released the lock).
    if (!(error instanceof BatchTakenOverError)) {
      await markFailed(
        batch,
        '検証中に問題が起きたため中断しました。もう一度アップロードしてください。'
      )
    }
    throw error
  } finally {
    stopHeartbeat()
    await releaseImportLock(batch)
  }
}
