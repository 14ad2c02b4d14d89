import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type ImportBatch from '#models/import_batch'
import type { FileEncoding } from '#imports/decode'
import type { RowError, ScanResult } from '#imports/rows'
import type { RawConnection } from '#imports/write'

/**
 * Row errors kept for the preview and the error CSV: the first ones by line (the count is
 * always exact).
 */
export const MAX_STORED_ERRORS = 10_000

/**
 * What each kind plugs into the runner (run/). Validation is one streaming pass that checks
 * every row, totals the preview and stages the valid rows under the batch id through the
 * driver's fast path (invisible to members: nothing points at the batch yet). The commit then
 * only checks the staged rows and moves the period's pointer in one update (publish);
 * rollback moves it back.
 */
export interface ValidationOutcome {
  scan: ScanResult
  rowCount: number
  memberCount: number
  totalAmount: number
  summary: Record<string, unknown>
}

export interface PipelineContext {
  batch: ImportBatch
  client: QueryClientContract
  path: string
  encoding: FileEncoding
  /**
   * A row error. Errors may come out of line order (found after the scan, in SQL): the first
   * MAX_STORED_ERRORS by line are kept.
   */
  onError: (error: RowError) => void
  /**
   * Counts row errors that are not handed over because they come after MAX_STORED_ERRORS
   * others already given of the same kind (so they could never be kept).
   */
  countErrors: (count: number) => void
  /**
   * Called with bytes read; awaited between chunks (progress + heartbeat). While a writer
   * holds the driver connection, pass it: progress then goes through it.
   */
  progress: (bytes: number, raw?: RawConnection) => Promise<void>
}

export interface KindPipeline {
  /** Lock key: two imports of the same month / year / master cannot run at once. */
  lockKey(batch: ImportBatch): string
  validate(ctx: PipelineContext): Promise<ValidationOutcome>
  /** How many rows are staged under the batch (checked against the validation's count). */
  stagedRows(batch: ImportBatch, client: QueryClientContract): Promise<number>
  /**
   * Kinds whose staged rows are not what members read (the member master upserts live rows)
   * apply them here, inside the commit's transaction, from the database alone.
   */
  apply?(batch: ImportBatch, trx: TransactionClientContract): Promise<void>
  /** Points the period at the batch (one update). Returns the batch it replaced. */
  publish(batch: ImportBatch, trx: TransactionClientContract): Promise<number | null>
  /** Points the period back at `previous` (rollback). */
  unpublish(
    batch: ImportBatch,
    previous: number | null,
    trx: TransactionClientContract
  ): Promise<void>
  /** Deletes rows written under a batch that never became visible. */
  purge(batchId: number, client: QueryClientContract): Promise<void>
  /** Whether the batch is what members currently see. */
  isActive(batch: ImportBatch, client: QueryClientContract): Promise<boolean>
}
