import type ImportBatch from '#models/import_batch'
import type { RequestOrigin } from '#domain/audit/audit_trail'
import { auditImport } from '#domain/imports/import_audit'
import { createBatch, runningBatchFor } from '#imports/run/lifecycle'
import { removeStoredFile } from '#imports/run/stored_files'
import { launchImport } from '#imports/run/spawn'
import type { ImportUpload } from '#validators/staff/import_upload'

export type StartImportOutcome =
  { status: 'started'; batch: ImportBatch } | { status: 'busy'; runningBatchId: number }

export function busyPeriodMessage(runningBatchId: number): string {
  return `同じ対象の取込（No.${runningBatchId}）が実行中です。終わってからもう一度アップロードしてください。`
}

/**
 * One run per kind and period at a time: an upload while another batch of its period is being
 * validated or committed is refused (its file deleted); otherwise the batch is created and its
 * validation started off the request path. No transaction: the batch row must be committed
 * before the runner (another process) looks for it.
 */
export async function startImportBatch(input: {
  upload: ImportUpload
  storedFileName: string
  staffId: number
  origin: RequestOrigin
}): Promise<StartImportOutcome> {
  const { upload } = input
  const running = await runningBatchFor(upload.kind, upload.period)
  if (running) {
    await removeStoredFile(input.storedFileName)
    return { status: 'busy', runningBatchId: running.id }
  }
  const batch = await createBatch({
    kind: upload.kind,
    period: upload.period,
    originalFileName: upload.file.name || 'upload.csv',
    storedFileName: input.storedFileName,
    fileSize: upload.file.size,
    fileSha256: upload.file.sha256,
    encodingChoice: upload.encoding,
    staffId: input.staffId,
  })
  await auditImport({
    action: 'import.upload',
    batch,
    staffId: input.staffId,
    origin: input.origin,
  })
  await launchImport(batch, 'validate')
  return { status: 'started', batch }
}
