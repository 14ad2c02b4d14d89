import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type ImportBatch from '#models/import_batch'
import type { ImportStatus } from '#models/import_batch'
import type { RawConnection } from '#imports/write'
import { affectedRows } from '#imports/run/affected_rows'

const PROGRESS_EVERY_MS = 400
/**
 * A working runner writes its heartbeat (heartbeat_ms on the batch, and extends its lock) this
 * often, whatever its progress; progress reports write it too.
 */
export const HEARTBEAT_INTERVAL_MS = 10_000

/**
 * Whether a query now would get a connection at once. SQLite's pool has one connection, which
 * the runner's own writer or transaction holds for long stretches: a heartbeat queued behind it
 * would wait there (and time out), so it is skipped; the writer's progress reports carry the
 * heartbeat meanwhile (and on one host the sweep checks the pid).
 */
function connectionFree(): boolean {
  const pool = (db.connection().getWriteClient() as any).client?.pool
  if (!pool || typeof pool.numUsed !== 'function') return true
  return pool.numUsed() + pool.numPendingCreates() < pool.max
}

/**
 * The runner's heartbeat, independent of progress (a slow chunk, a long publish): every
 * HEARTBEAT_INTERVAL_MS, only while the batch is still this process's in this status, and the
 * lock extended with it. One beat at a time; a failed beat is logged, the work goes on.
 */
export function startHeartbeat(
  batch: ImportBatch,
  status: ImportStatus,
  held: { extend(): Promise<void> }
) {
  let beating = false
  const beat = async () => {
    if (beating || !connectionFree()) return
    beating = true
    try {
      const updated = await db
        .from('import_batches')
        .where('id', batch.id)
        .where('status', status)
        .where('worker_pid', process.pid)
        .update({ heartbeat_ms: Date.now() })
      if (affectedRows(updated) === 1) await held.extend()
    } catch (error) {
      logger.warn({ err: error, batchId: batch.id }, 'import heartbeat could not be written')
    } finally {
      beating = false
    }
  }
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS)
  timer.unref()
  return () => clearInterval(timer)
}
/**
 * Progress + heartbeat, throttled, through Lucid or through the writer's raw connection.
 * Through Lucid on PostgreSQL (a pool connection, outside the import's transaction) the update
 * is not waited for, one at a time: waiting stalled the import's COPY for a round trip to a
 * busy server every 400 ms (~1 s per 1,000,000 rows).
 */
export function progressReporter(batch: ImportBatch, client: QueryClientContract) {
  let last = 0
  let inFlight = false
  return async (bytes: number, raw?: RawConnection) => {
    const now = Date.now()
    if (now - last < PROGRESS_EVERY_MS || inFlight) return
    last = now
    await delayForTests()
    if (raw?.sqlite) {
      raw.sqlite
        .prepare('UPDATE import_batches SET progress_done = ?, heartbeat_ms = ? WHERE id = ?')
        .run(bytes, now, batch.id)
    } else if (raw?.pg) {
      await raw.pg.query(
        'UPDATE import_batches SET progress_done = $1, heartbeat_ms = $2 WHERE id = $3',
        [bytes, now, batch.id]
      )
    } else {
      // Only while the runner works: an update landing after the batch settled changes nothing.
      const update = client
        .from('import_batches')
        .where('id', batch.id)
        .whereIn('status', ['validating', 'committing'])
        .update({ progress_done: bytes, heartbeat_ms: now })
      if (client.dialect.name !== 'postgres') {
        await update
        return
      }
      inFlight = true
      update
        .catch((error) =>
          logger.warn({ err: error, batchId: batch.id }, 'import progress not written')
        )
        .finally(() => (inFlight = false))
    }
  }
}

/**
 * IMPORT_CHUNK_DELAY_MS slows each progress step down: the kill-during-commit test and the
 * browser test use it to catch an import half-way. Never set in production.
 */
async function delayForTests() {
  const delay = Number(process.env.IMPORT_CHUNK_DELAY_MS ?? 0)
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
}
