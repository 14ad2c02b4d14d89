import type ImportBatch from '#models/import_batch'
import type { RequestOrigin } from '#domain/audit/audit_trail'
import { auditImport } from '#domain/imports/import_audit'
import { ImportRefusedError } from '#imports/run/errors'
import { rollbackBatch } from '#imports/run/rollback'

export type RollBackImportOutcome =
  { status: 'rolled_back'; batch: ImportBatch } | { status: 'refused'; message: string }

/**
 * The clerk's 取り消し (import_rollback_rule.ts says which batch): members see the batch it
 * replaced again. A refusal (not the batch members see, the member master, its period busy) is
 * audited as a failure. The rollback runs in its own transaction, under the period's lock.
 */
export async function rollBackImportBatch(input: {
  batch: ImportBatch
  staffId: number
  origin: RequestOrigin
}): Promise<RollBackImportOutcome> {
  const { batch, staffId, origin } = input
  try {
    await rollbackBatch(batch.id)
  } catch (error) {
    if (!(error instanceof ImportRefusedError)) throw error
    await auditImport({ action: 'import.rollback', outcome: 'failure', batch, staffId, origin })
    return { status: 'refused', message: error.message }
  }
  await auditImport({ action: 'import.rollback', batch, staffId, origin })
  return { status: 'rolled_back', batch }
}
