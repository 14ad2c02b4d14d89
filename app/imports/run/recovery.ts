import { hostname } from 'node:os'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import { DateTime } from 'luxon'
import ImportBatch from '#models/import_batch'
import { dbTimestamp } from '#domain/common/db_time'
import { affectedRows } from '#imports/run/affected_rows'
import { pipelineFor } from '#imports/run/pipelines'
import { releaseImportLock, STALE_AFTER_MS } from '#imports/run/lock'
import { removeStoredFile } from '#imports/run/stored_files'

/**
 * A batch nobody has claimed yet (uploaded, or commit queued, and the child not started) gets
 * longer: starting a child process on a busy machine takes seconds.
 */
export const NEVER_STARTED_AFTER_MS = 2 * 60 * 1000

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error: any) {
    return error?.code === 'EPERM'
  }
}

export type RecoveryMoment = 'boot' | 'sweep'

/**
 * Whether the runner of a 'validating' / 'committing' batch is dead:
 * - commit queued by a request, child not started yet (no pid): after NEVER_STARTED_AFTER_MS;
 * - a runner on this host with a live pid is alive, whatever its heartbeat (SQLite: a long
 *   member-master transaction holds the only connection, so its heartbeat pauses);
 * - otherwise the heartbeat decides: older than STALE_AFTER_MS means dead. A fresh heartbeat
 *   is never failed by the periodic sweep, even with a dead pid on "this" host (two machines
 *   may share a host name);
 * - at boot, before this process runs anything, a dead pid of this host (or this very pid,
 *   reused by a restarted container) is dead at once.
 */
export function runnerIsDead(batch: ImportBatch, moment: RecoveryMoment, now = Date.now()) {
  const stale = now - Number(batch.heartbeatMs ?? 0) >= STALE_AFTER_MS
  if (!batch.workerPid) return now - Number(batch.heartbeatMs ?? 0) >= NEVER_STARTED_AFTER_MS
  const sameHost = batch.workerHost === hostname().slice(0, 100)
  if (sameHost && batch.workerPid !== process.pid && processAlive(batch.workerPid)) return false
  if (sameHost && moment === 'boot') return true
  return stale
}

const STOPPED_WHILE_COMMITTING =
  '反映中に処理が停止したため中断しました。以前のデータはそのまま表示されています。もう一度取り込んでください。'
const STOPPED_WHILE_VALIDATING =
  '検証中に処理が停止したため中断しました。もう一度アップロードしてください。'

/**
 * Recovery, at boot and then every minute or so in every web instance (recovery_sweep.ts): a
 * batch left 'uploaded' too long (its runner never started), or left 'validating' /
 * 'committing' by a runner that died (runnerIsDead), is marked failed, its unpublished rows
 * are deleted and its lock released. The period's pointer never moved, so members still see
 * the previous data, and the month takes uploads again.
 * Instances may sweep at the same moment: each batch is failed by one conditional update (same
 * status, same heartbeat as read), and only the instance whose update took does the rest.
 */
export async function recoverInterruptedImports(
  moment: RecoveryMoment = 'boot'
): Promise<number[]> {
  const recovered: number[] = []
  const neverStarted = await ImportBatch.query()
    .where('status', 'uploaded')
    .where(
      'created_at',
      '<',
      dbTimestamp(DateTime.utc().minus({ milliseconds: NEVER_STARTED_AFTER_MS }))
    )
  for (const batch of neverStarted) {
    if (await failIfUnchanged(batch, NEVER_STARTED_MESSAGE)) recovered.push(batch.id)
  }
  const stuck = await ImportBatch.query().whereIn('status', ['validating', 'committing'])
  for (const batch of stuck) {
    if (!runnerIsDead(batch, moment)) continue
    const message =
      batch.status === 'committing' ? STOPPED_WHILE_COMMITTING : STOPPED_WHILE_VALIDATING
    if (!(await failIfUnchanged(batch, message))) continue
    // Rows staged by the dead runner were never pointed at: drop them.
    await pipelineFor(batch.kind).purge(batch.id, db.connection())
    await releaseImportLock(batch)
    recovered.push(batch.id)
  }
  for (const id of recovered) {
    logger.warn({ batchId: id }, `import batch ${id} marked failed: its runner stopped`)
  }
  return recovered
}

/** Fails the batch only if nobody changed it since it was read (another sweep, its runner). */
async function failIfUnchanged(batch: ImportBatch, message: string): Promise<boolean> {
  const query = db.from('import_batches').where('id', batch.id).where('status', batch.status)
  if (batch.heartbeatMs === null) query.whereNull('heartbeat_ms')
  else query.where('heartbeat_ms', batch.heartbeatMs)
  const updated = await query.update({
    status: 'failed',
    failure_message: message,
    worker_pid: null,
    // A failed batch is never read again (the clerk uploads anew): its file goes now.
    stored_file_name: null,
    updated_at: dbTimestamp(),
  })
  if (affectedRows(updated) !== 1) return false
  await removeStoredFile(batch.storedFileName)
  return true
}

export const NEVER_STARTED_MESSAGE =
  'アップロード後に検証が始まらないまま停止したため中断しました。もう一度アップロードしてください。'
