import type ImportBatch from '#models/import_batch'

/**
 * Who may commit which batch when: a clerk's request commits a validated batch with no row
 * error (it marks the batch 'committing' with no runner yet, queueCommit); the runner then
 * commits the batch that request queued. A batch with an error is never committed (its staged
 * rows are already gone). The form's 反映 button, the request, the conditional update that
 * queues the commit and the runner all ask this rule.
 */
export type CommitRefusal = 'errors_remain' | 'not_committable'

export type CommitActor = 'clerk' | 'runner'

export const COMMIT_REFUSAL_MESSAGES: Record<CommitRefusal, string> = {
  errors_remain:
    'エラーが残っているため反映できません。ファイルを直してから取り込み直してください。',
  not_committable: 'この取込は反映できる状態ではありません。',
}

/** Why `by` may not commit this batch now, or null when it may. */
export function commitRefusal(
  batch: Pick<ImportBatch, 'status' | 'errorCount' | 'workerPid'>,
  by: CommitActor
): CommitRefusal | null {
  if (batch.errorCount > 0 || batch.status === 'invalid') return 'errors_remain'
  if (batch.status === 'validated') return null
  if (by === 'runner' && isQueuedCommit(batch)) return null
  return 'not_committable'
}

/** 'committing' with no runner pid yet: queued by the clerk's request, not started. */
export function isQueuedCommit(batch: Pick<ImportBatch, 'status' | 'workerPid'>): boolean {
  return batch.status === 'committing' && !batch.workerPid
}

/**
 * The clerk's side of the rule as a condition on `import_batches`, for the one conditional
 * update that queues a commit (a double click queues one).
 */
export function whereClerkMayCommit<Query extends { where(column: string, value: unknown): Query }>(
  query: Query
): Query {
  return query.where('status', 'validated').where('error_count', 0)
}
