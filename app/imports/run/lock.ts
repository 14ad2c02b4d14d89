import lock from '@adonisjs/lock/services/main'
import { errors as lockErrors } from '@adonisjs/lock'
import type ImportBatch from '#models/import_batch'
import { pipelineFor } from '#imports/run/pipelines'
import { HEARTBEAT_INTERVAL_MS } from '#imports/run/progress'

/**
 * A runner whose heartbeat is older than three missed beats is considered dead: the recovery
 * sweep (every web instance, every minute or so) fails its batch and frees its month.
 */
export const STALE_AFTER_MS = 3 * HEARTBEAT_INTERVAL_MS

/**
 * The configured lock store (LOCK_STORE: database by default, Redis in production) works across
 * app instances. The test suite runs each test inside one rolled-back transaction, which the
 * database store (bound to the connection it first saw) cannot follow: .env.test picks the memory
 * store, and the PostgreSQL run in CI the Redis one.
 *
 * The owner is the batch, so recovery (another process) can release exactly this lock and never
 * a newer runner's; the lock expires STALE_AFTER_MS after the runner's last heartbeat, so even a
 * runner killed after its last batch update cannot keep its month locked.
 */
export function importLock(batch: ImportBatch) {
  return lock.restoreLock({
    key: pipelineFor(batch.kind).lockKey(batch),
    owner: `import-batch-${batch.id}`,
    ttl: STALE_AFTER_MS,
    expirationTime: null,
  })
}

/** Releases a batch's lock if it still holds it (it may have expired, or be another's now). */
export async function releaseImportLock(batch: ImportBatch) {
  try {
    await importLock(batch).release()
  } catch (error) {
    if (!(error instanceof lockErrors.E_LOCK_NOT_OWNED)) throw error
  }
}
