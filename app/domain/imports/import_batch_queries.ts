import ImportBatch from '#models/import_batch'
import ImportRowError from '#models/import_row_error'
import { rollbackRefusal } from '#domain/imports/import_rollback_rule'

export const HISTORY_PER_PAGE = 30
export const ERRORS_PER_PAGE = 50

/** The import history, newest first, with who uploaded each batch. */
export async function importHistoryPage(page: number) {
  return ImportBatch.query()
    .preload('createdBy')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .paginate(page, HISTORY_PER_PAGE)
}

/** Every stored row error of a batch, in file order (the error CSV). */
export async function rowErrorsOf(batchId: number) {
  return ImportRowError.query()
    .where('import_batch_id', batchId)
    .orderBy('line_number')
    .orderBy('id')
}

export interface ImportBatchView {
  batch: ImportBatch
  errors: { rows: ImportRowError[]; currentPage: number; lastPage: number }
  canRollback: boolean
}

/** What the batch page shows: the batch and its uploader, a page of its row errors. */
export async function importBatchView(batch: ImportBatch, page: number): Promise<ImportBatchView> {
  await batch.load('createdBy')
  const errors = await ImportRowError.query()
    .where('import_batch_id', batch.id)
    .orderBy('line_number')
    .orderBy('id')
    .paginate(page, ERRORS_PER_PAGE)
  return {
    batch,
    errors: { rows: errors.all(), currentPage: errors.currentPage, lastPage: errors.lastPage },
    canRollback: (await rollbackRefusal(batch)) === null,
  }
}
