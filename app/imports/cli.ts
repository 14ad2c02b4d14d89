import { randomUUID } from 'node:crypto'
import { copyFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { BaseCommand } from '@adonisjs/core/ace'
import type { ImportKind } from '#models/import_batch'
import ImportRowError from '#models/import_row_error'
import { commitBatch } from '#imports/run/commit'
import { createBatch, queueCommit, runningBatchFor } from '#imports/run/lifecycle'
import { ensureImportsDirectory, importsDirectory, sha256Of } from '#imports/run/stored_files'
import { ImportRefusedError } from '#imports/run/errors'
import { PIPELINES } from '#imports/run/pipelines'
import { validateBatch } from '#imports/run/validate'
import { normalisePeriod } from '#validators/staff/import_upload'
import type { EncodingChoice } from '#imports/decode'

/**
 * The command-line flow (same code as the staff UI, run in the command's process): copy the
 * file under tmp/imports, validate, print a summary and the first errors, commit on request.
 * Returns the exit code: 0 ok, 1 row errors, 2 refused or failed.
 */
export async function runFromCommandLine(
  command: BaseCommand,
  input: { kind: ImportKind; file: string; period?: string; commit: boolean; encoding: string }
): Promise<number> {
  const out = command.logger
  if (!PIPELINES[input.kind]) {
    out.error('This kind of import is not available yet.')
    return 2
  }
  const period = input.period ? normalisePeriod(input.kind, input.period) : null
  if (input.kind !== 'members' && !period) {
    out.error(
      input.kind === 'statements' ? '--month YYYY-MM is required' : '--year YYYY is required'
    )
    return 2
  }
  if (!['auto', 'utf-8', 'shift_jis'].includes(input.encoding)) {
    out.error('--encoding must be auto, utf-8 or shift_jis')
    return 2
  }
  let size: number
  try {
    const info = await stat(input.file)
    size = info.size
  } catch {
    out.error(`Cannot read ${input.file}`)
    return 2
  }
  const running = await runningBatchFor(input.kind, period)
  if (running) {
    out.error(`Batch ${running.id} for the same period is running`)
    return 2
  }
  await ensureImportsDirectory()
  const storedFileName = `${randomUUID()}.csv`
  await copyFile(input.file, join(importsDirectory(), storedFileName))
  const batch = await createBatch({
    kind: input.kind,
    period,
    originalFileName: basename(input.file),
    storedFileName,
    fileSize: size,
    fileSha256: await sha256Of(join(importsDirectory(), storedFileName)),
    encodingChoice: input.encoding as EncodingChoice,
    staffId: null,
  })
  try {
    const validated = await validateBatch(batch.id)
    const summary = {
      batch: validated.id,
      status: validated.status,
      encoding: validated.encoding,
      rows: validated.rowCount,
      members: validated.memberCount,
      totalAmount: Number(validated.totalAmount),
      errors: validated.errorCount,
      sha256: validated.fileSha256,
    }
    command.logger.log(JSON.stringify(summary))
    if (validated.errorCount > 0) {
      const errors = await ImportRowError.query()
        .where('import_batch_id', validated.id)
        .orderBy('line_number')
        .limit(20)
      for (const e of errors) command.logger.log(`line ${e.lineNumber}: ${e.message}`)
      return 1
    }
    if (!input.commit) {
      command.logger.log('Validated. Run again with --commit to publish.')
      return 0
    }
    await queueCommit(validated)
    const committed = await commitBatch(validated.id)
    command.logger.log(
      JSON.stringify({
        batch: committed.id,
        status: committed.status,
        replaced: committed.replacedBatchId,
      })
    )
    return 0
  } catch (error) {
    out.error(error instanceof ImportRefusedError ? error.message : String(error))
    return 2
  }
}
