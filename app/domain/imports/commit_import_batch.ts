import type ImportBatch from '#models/import_batch'
import type { RequestOrigin } from '#domain/audit/audit_trail'
import { auditImport } from '#domain/imports/import_audit'
import { commitRefusal, type CommitRefusal } from '#domain/imports/import_commit_rule'
import { queueCommit } from '#imports/run/lifecycle'
import { launchImport } from '#imports/run/spawn'

export type CommitImportOutcome =
  { status: 'queued'; batch: ImportBatch } | { status: 'refused'; reason: CommitRefusal }

/**
 * The clerk's 反映 (import_commit_rule.ts says when it is allowed): the batch is marked
 * 'committing' by one conditional update (a double click, or a batch that changed since the
 * page was shown, queues nothing), then committed off the request path. No transaction: the
 * runner (another process) must see the queued status.
 */
export async function commitImportBatch(input: {
  batch: ImportBatch
  staffId: number
  origin: RequestOrigin
}): Promise<CommitImportOutcome> {
  const { batch } = input
  const refusal = commitRefusal(batch, 'clerk')
  if (refusal) return { status: 'refused', reason: refusal }
  if (!(await queueCommit(batch))) return { status: 'refused', reason: 'not_committable' }
  await batch.refresh()
  await auditImport({
    action: 'import.commit',
    batch,
    staffId: input.staffId,
    origin: input.origin,
  })
  await launchImport(batch, 'commit')
  return { status: 'queued', batch }
}
