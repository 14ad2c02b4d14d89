import type ImportBatch from '#models/import_batch'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/** Who uploaded, committed or rolled back which batch (the import history shows it too). */
export async function auditImport(entry: {
  action: 'import.upload' | 'import.commit' | 'import.rollback'
  outcome?: 'success' | 'failure'
  batch: ImportBatch
  staffId: number
  origin: RequestOrigin
}) {
  const { batch } = entry
  await recordAudit({
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    actorType: 'staff',
    staffUserId: entry.staffId,
    origin: entry.origin,
    details: {
      batchId: batch.id,
      kind: batch.kind,
      period: batch.period,
      sha256: batch.fileSha256,
    },
  })
}
