import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import env from '#start/env'
import ImportBatch from '#models/import_batch'
import { pipelineFor } from '#imports/run/pipelines'

/**
 * Uploads wait here until validated (the runner reads them on the instance that received
 * them); nothing after validation needs the file, so it need not be shared between instances.
 */
export function importsDirectory() {
  return env.get('IMPORTS_DIRECTORY') ?? app.tmpPath('imports')
}

export function storedFilePath(batch: ImportBatch): string {
  return join(importsDirectory(), batch.storedFileName!)
}

export async function sha256Of(path: string): Promise<string> {
  const digest = createHash('sha256')
  for await (const chunk of createReadStream(path)) digest.update(chunk as Buffer)
  return digest.digest('hex')
}

export async function ensureImportsDirectory() {
  await mkdir(importsDirectory(), { recursive: true })
}
/**
 * Uploaded files (tmp/imports) are kept only while they may be read or are worth keeping:
 * - kept while the batch is uploaded, validating, validated or committing (the runner reads
 *   it; the member master is applied from it at commit), and while a committed batch is the
 *   one members see;
 * - deleted at once when the batch fails (including a validated batch discarded because
 *   another one of the period was committed, and a batch recovery marks failed), is rolled
 *   back, or is replaced by a newer commit of its period;
 * - deleted at boot (sweepStoredFiles) FILE_RETENTION_DAYS after the last change of the
 *   batch when it is invalid (the clerk may compare the file with the error list for a
 *   while) or a committed member master; the same sweep catches any terminal batch whose
 *   file survived a crash, and files no batch refers to (an upload cut off half-way) once
 *   they are a day old.
 * The history keeps every batch's name, size and SHA-256; `stored_file_name` becomes null.
 */
export const FILE_RETENTION_DAYS = 14
const ORPHAN_AFTER_MS = 24 * 60 * 60 * 1000

export async function removeStoredFile(name: string | null) {
  if (name) await rm(join(importsDirectory(), name), { force: true })
}

export async function forgetStoredFile(batchId: number) {
  const row = await db
    .from('import_batches')
    .where('id', batchId)
    .select('stored_file_name')
    .first()
  if (!row?.stored_file_name) return
  await db.from('import_batches').where('id', batchId).update({ stored_file_name: null })
  await removeStoredFile(row.stored_file_name)
}

export async function sweepStoredFiles(now = DateTime.utc()): Promise<number> {
  const cutoff = now.minus({ days: FILE_RETENTION_DAYS }).toMillis()
  const candidates = await ImportBatch.query()
    .whereNotNull('stored_file_name')
    .whereIn('status', ['failed', 'rolled_back', 'invalid', 'committed'])
  let removed = 0
  for (const batch of candidates) {
    const old = batch.updatedAt.toMillis() < cutoff
    let remove: boolean
    if (batch.status === 'failed' || batch.status === 'rolled_back') remove = true
    else if (batch.status === 'invalid') remove = old
    else if (batch.kind === 'members') remove = old
    else remove = !(await pipelineFor(batch.kind).isActive(batch, db.connection()))
    if (!remove) continue
    await forgetStoredFile(batch.id)
    removed++
  }
  const kept = await db
    .from('import_batches')
    .whereNotNull('stored_file_name')
    .select('stored_file_name')
  const referenced = new Set(kept.map((row) => String(row.stored_file_name)))
  let names: string[] = []
  try {
    names = await readdir(importsDirectory())
  } catch {
    return removed
  }
  for (const name of names) {
    if (referenced.has(name)) continue
    const path = join(importsDirectory(), name)
    const info = await stat(path).catch(() => null)
    if (!info?.isFile() || now.toMillis() - info.mtimeMs < ORPHAN_AFTER_MS) continue
    await rm(path, { force: true })
    removed++
  }
  return removed
}
