import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import { transaction } from '#services/transaction'
import lock from '@adonisjs/lock/services/main'
import { DateTime } from 'luxon'
import { errors as lockErrors } from '@adonisjs/lock'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import ImportBatch, { type ImportKind, type ImportStatus } from '#models/import_batch'
import { dbTimestamp } from '#domain/common/db_time'
import { detectEncoding, ImportFileError, readSample, type EncodingChoice } from '#imports/decode'
import type { RowError } from '#imports/rows'
import { MAX_STORED_ERRORS, type KindPipeline } from '#imports/pipeline'
import type { RawConnection } from '#imports/write'
import { statementsPipeline } from '#imports/kinds/statements_pipeline'
import { contributionReportsPipeline } from '#imports/kinds/contribution_reports_pipeline'
import { membersPipeline } from '#imports/kinds/members_pipeline'

/**
 * The import runner: batches, the lock, progress, validation, commit, rollback and recovery.
 * The work runs off the request path: in a child process (`node ace import:run`) by default,
 * in-process in tests and in the ace commands (which are already off the request path).
 */
export const PIPELINES: Partial<Record<ImportKind, KindPipeline>> = {
  statements: statementsPipeline,
  contribution_reports: contributionReportsPipeline,
  members: membersPipeline,
}

export function pipelineFor(kind: ImportKind): KindPipeline {
  const pipeline = PIPELINES[kind]
  if (!pipeline) throw new ImportRefusedError('この種類の取込にはまだ対応していません。')
  return pipeline
}

export { MAX_STORED_ERRORS } from '#imports/pipeline'
const PROGRESS_EVERY_MS = 400
/**
 * A working runner writes its heartbeat (heartbeat_ms on the batch, and extends its lock) this
 * often, whatever its progress; progress reports write it too.
 */
export const HEARTBEAT_INTERVAL_MS = 10_000
/**
 * A runner whose heartbeat is older than three missed beats is considered dead: the recovery
 * sweep (every web instance, every minute or so) fails its batch and frees its month.
 */
export const STALE_AFTER_MS = 3 * HEARTBEAT_INTERVAL_MS
/**
 * A batch nobody has claimed yet (uploaded, or commit queued, and the child not started) gets
 * longer: starting a child process on a busy machine takes seconds.
 */
export const NEVER_STARTED_AFTER_MS = 2 * 60 * 1000

export class ImportRefusedError extends Error {}

/**
 * The runner's batch is no longer its own: recovery failed it (its heartbeat looked stale).
 * The runner stops without touching the batch, and never publishes it.
 */
export class BatchTakenOverError extends Error {
  constructor(batchId: number) {
    super(`import batch ${batchId} was failed by recovery while its runner was working`)
  }
}

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

export async function createBatch(input: {
  kind: ImportKind
  period: string | null
  originalFileName: string
  storedFileName: string
  fileSize: number
  fileSha256: string
  encodingChoice: EncodingChoice
  staffId: number | null
}): Promise<ImportBatch> {
  return ImportBatch.create({
    kind: input.kind,
    period: input.period,
    status: 'uploaded',
    originalFileName: input.originalFileName.slice(0, 255),
    storedFileName: input.storedFileName,
    fileSha256: input.fileSha256,
    fileSize: input.fileSize,
    encoding: null,
    encodingChoice: input.encodingChoice,
    rowCount: 0,
    errorCount: 0,
    memberCount: 0,
    totalAmount: 0,
    summaryJson: null,
    progressDone: 0,
    progressTotal: input.fileSize,
    failureMessage: null,
    createdByStaffId: input.staffId,
  })
}

/** Another batch of the same kind and period being validated or committed right now. */
export async function runningBatchFor(kind: ImportKind, period: string | null) {
  const query = ImportBatch.query()
    .where('kind', kind)
    .whereIn('status', ['validating', 'committing'])
  if (period === null) query.whereNull('period')
  else query.where('period', period)
  return query.first()
}

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
async function releaseImportLock(batch: ImportBatch) {
  try {
    await importLock(batch).release()
  } catch (error) {
    if (!(error instanceof lockErrors.E_LOCK_NOT_OWNED)) throw error
  }
}

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
function startHeartbeat(
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

function affectedRows(updated: unknown): number {
  return Number(Array.isArray(updated) ? updated[0] : updated)
}

/**
 * Moves the batch from `from` to `to` only while it is still this runner's (recovery may have
 * failed it): one conditional update, so a runner whose batch was taken over never
 * overwrites 'failed' nor publishes it.
 */
async function settle(
  batch: ImportBatch,
  from: ImportStatus,
  to: ImportStatus,
  client: QueryClientContract
) {
  const updated = await client
    .from('import_batches')
    .where('id', batch.id)
    .where('status', from)
    .where('worker_pid', process.pid)
    .update({ status: to })
  if (affectedRows(updated) !== 1) throw new BatchTakenOverError(batch.id)
  batch.status = to
}

/**
 * Progress + heartbeat, throttled, through Lucid or through the writer's raw connection.
 * Through Lucid on PostgreSQL (a pool connection, outside the import's transaction) the update
 * is not waited for, one at a time: waiting stalled the import's COPY for a round trip to a
 * busy server every 400 ms (~1 s per 1,000,000 rows).
 */
function progressReporter(batch: ImportBatch, client: QueryClientContract) {
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

/**
 * The runner takes the batch with its host, pid and a first heartbeat, in one conditional
 * update: a batch recovery failed meanwhile (its child started too late) stays failed.
 */
async function claim(batch: ImportBatch, status: 'validating' | 'committing') {
  const query = db.from('import_batches').where('id', batch.id)
  if (status === 'validating') query.whereIn('status', ['uploaded', 'validating'])
  else {
    query.where((q) =>
      q.where('status', 'validated').orWhere((queued) => {
        queued.where('status', 'committing').whereNull('worker_pid')
      })
    )
  }
  const updated = await query.update({
    status,
    progress_done: 0,
    progress_total: batch.fileSize,
    failure_message: null,
    worker_host: hostname().slice(0, 100),
    worker_pid: process.pid,
    heartbeat_ms: Date.now(),
    updated_at: dbTimestamp(),
  })
  if (affectedRows(updated) !== 1) {
    throw new ImportRefusedError('この取込は実行できる状態ではありません。')
  }
  await batch.refresh()
}

/**
 * Counts every row error and keeps the first MAX_STORED_ERRORS by line (a line's own errors in
 * the order given). Errors given in line order (the scan) are kept or dropped as they come, so
 * memory stays at MAX_STORED_ERRORS; errors found later (duplicates, in SQL) are merged in.
 */
export class RowErrorCollector {
  count = 0
  #kept: RowError[] = []
  #maxLine = -Infinity

  add = (error: RowError) => {
    this.count++
    // Sorted after every kept error (a stable sort keeps earlier arrivals first): dropped.
    if (this.#kept.length >= MAX_STORED_ERRORS && error.line >= this.#maxLine) return
    this.#kept.push(error)
    if (error.line > this.#maxLine) this.#maxLine = error.line
    if (this.#kept.length >= 2 * MAX_STORED_ERRORS) this.#trim()
  }

  #trim() {
    this.#kept.sort((a, b) => a.line - b.line)
    if (this.#kept.length > MAX_STORED_ERRORS) this.#kept.length = MAX_STORED_ERRORS
    this.#maxLine = this.#kept.length ? this.#kept[this.#kept.length - 1].line : -Infinity
  }

  stored(): RowError[] {
    this.#trim()
    return this.#kept
  }
}

async function storeErrors(batchId: number, errors: RowError[], client: QueryClientContract) {
  await client.from('import_row_errors').where('import_batch_id', batchId).delete()
  for (let start = 0; start < errors.length; start += 200) {
    await client.table('import_row_errors').multiInsert(
      errors.slice(start, start + 200).map((e) => ({
        import_batch_id: batchId,
        line_number: e.line,
        column_name: e.column,
        message: e.message.slice(0, 500),
        raw_line: e.raw,
      }))
    )
  }
}

/** Validation: scan the stored file, count, total, compare, keep every row error. */
export async function validateBatch(batchId: number): Promise<ImportBatch> {
  const client = db.connection()
  const batch = await ImportBatch.findOrFail(batchId)
  if (!['uploaded', 'validating'].includes(batch.status)) {
    throw new ImportRefusedError('この取込はすでに検証済みです。')
  }
  const pipeline = pipelineFor(batch.kind)
  const held = importLock(batch)
  if (!(await held.acquireImmediately())) {
    await markFailed(batch, '同じ対象の取込が実行中のため、検証を開始できませんでした。')
    throw new ImportRefusedError('同じ対象の取込が実行中です。終わってからもう一度お試しください。')
  }
  let stopHeartbeat = () => {}
  try {
    await claim(batch, 'validating')
  } catch (error) {
    await releaseImportLock(batch)
    throw error
  }
  try {
    stopHeartbeat = startHeartbeat(batch, 'validating', held)
    const collected = new RowErrorCollector()
    const onError = collected.add
    try {
      const sample = await readSample(storedFilePath(batch))
      const encoding = detectEncoding(sample, (batch.encodingChoice ?? 'auto') as EncodingChoice)
      batch.encoding = encoding
      const outcome = await pipeline.validate({
        batch,
        client,
        path: storedFilePath(batch),
        encoding,
        onError,
        countErrors: (count) => (collected.count += count),
        progress: progressReporter(batch, client),
      })
      if (outcome.scan.sha256 !== batch.fileSha256) {
        throw new Error('stored file changed after upload')
      }
      batch.rowCount = outcome.rowCount
      batch.memberCount = outcome.memberCount
      batch.totalAmount = outcome.totalAmount
      batch.summaryJson = JSON.stringify(outcome.summary)
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error
      onError({ line: error.lineNumber, column: null, message: error.message, raw: null })
    }
    const errorCount = collected.count
    // A file with errors can never be committed: drop what was staged.
    if (errorCount > 0) await pipeline.purge(batch.id, client)
    await storeErrors(batch.id, collected.stored(), client)
    stopHeartbeat()
    await settle(batch, 'validating', errorCount > 0 ? 'invalid' : 'validated', client)
    batch.errorCount = errorCount
    batch.progressDone = batch.fileSize
    batch.validatedAt = DateTime.utc()
    await batch.save()
    return batch
  } catch (error) {
    logger.error({ err: error, batchId }, 'import validation failed')
    await pipeline.purge(batch.id, client)
    // Taken over: recovery already failed the batch (and released the lock).
    if (!(error instanceof BatchTakenOverError)) {
      await markFailed(
        batch,
        '検証中に問題が起きたため中断しました。もう一度アップロードしてください。'
      )
    }
    throw error
  } finally {
    stopHeartbeat()
    await releaseImportLock(batch)
  }
}

/** Commit: write every row under the batch, then point the period at it in one update. */
export async function commitBatch(batchId: number): Promise<ImportBatch> {
  const client = db.connection()
  const batch = await ImportBatch.findOrFail(batchId)
  // 'committing' without a pid: claimed by the request that queued it (queueCommit).
  const queued = batch.status === 'committing' && !batch.workerPid
  if ((batch.status !== 'validated' && !queued) || batch.errorCount > 0) {
    throw new ImportRefusedError(
      batch.errorCount > 0
        ? 'エラーが残っているため反映できません。ファイルを直してから取り込み直してください。'
        : 'この取込は反映できる状態ではありません。'
    )
  }
  const pipeline = pipelineFor(batch.kind)
  const held = importLock(batch)
  if (!(await held.acquireImmediately())) {
    // Queued by the request: back to 'validated', so the clerk can press 反映 again later
    // (left 'committing', the month would look busy until recovery).
    if (queued) {
      await db
        .from('import_batches')
        .where('id', batch.id)
        .where('status', 'committing')
        .whereNull('worker_pid')
        .update({ status: 'validated', updated_at: dbTimestamp() })
    }
    throw new ImportRefusedError('同じ対象の取込が実行中です。終わってからもう一度お試しください。')
  }
  let stopHeartbeat = () => {}
  try {
    await claim(batch, 'committing')
    stopHeartbeat = startHeartbeat(batch, 'committing', held)
    try {
      const progress = progressReporter(batch, client)
      await progress(0)
      const staged = await pipeline.stagedRows(batch, client)
      if (staged !== batch.rowCount) {
        throw new ImportFileError(
          `検証済みの行数（${batch.rowCount}行）と準備済みの行数（${staged}行）が合いません。もう一度アップロードしてください。`
        )
      }
      await progress(batch.fileSize)
      await transaction(async (trx) => {
        if (pipeline.apply) await pipeline.apply(batch, trx)
        // Still ours? (Recovery may have failed it meanwhile.) Checked inside the transaction,
        // before the pointer moves: a taken-over batch rolls the whole commit back.
        await settle(batch, 'committing', 'committed', trx)
        const replaced = await pipeline.publish(batch, trx)
        batch.useTransaction(trx)
        batch.replacedBatchId = replaced
        batch.committedAt = DateTime.utc()
        batch.progressDone = batch.fileSize
        await batch.save()
        // Validated batches of the same period that were never committed are now stale.
        await discardStaleBatches(batch, trx)
      })
      await purgeDiscarded(batch)
      // The batch it replaced is no longer shown: its file is not needed any more.
      if (batch.replacedBatchId) await forgetStoredFile(batch.replacedBatchId)
      return batch
    } catch (error) {
      logger.error({ err: error, batchId }, 'import commit failed')
      await pipeline.purge(batch.id, client)
      if (!(error instanceof BatchTakenOverError)) {
        await markFailed(
          await ImportBatch.findOrFail(batch.id),
          error instanceof ImportFileError
            ? error.message
            : '反映中に問題が起きたため中断しました。以前のデータはそのまま表示されています。'
        )
      }
      throw error
    }
  } finally {
    stopHeartbeat()
    await releaseImportLock(batch)
  }
}

/** Rollback: only the batch members currently see; they see the one it replaced again. */
export async function rollbackBatch(batchId: number): Promise<ImportBatch> {
  const batch = await ImportBatch.findOrFail(batchId)
  const pipeline = pipelineFor(batch.kind)
  if (batch.kind === 'members') {
    throw new ImportRefusedError('組合員マスタの取込は取り消せません。')
  }
  if (batch.status !== 'committed' || !(await pipeline.isActive(batch, db.connection()))) {
    throw new ImportRefusedError('取り消せるのは、現在表示されている最新の取込だけです。')
  }
  const held = importLock(batch)
  if (!(await held.acquireImmediately())) {
    throw new ImportRefusedError('同じ対象の取込が実行中です。終わってからもう一度お試しください。')
  }
  const file = batch.storedFileName
  try {
    await transaction(async (trx) => {
      await pipeline.unpublish(batch, batch.replacedBatchId, trx)
      batch.useTransaction(trx)
      batch.status = 'rolled_back'
      batch.rolledBackAt = DateTime.utc()
      batch.storedFileName = null
      await batch.save()
    })
    await removeStoredFile(file)
    return batch
  } finally {
    await releaseImportLock(batch)
  }
}

const DISCARDED_MESSAGE = '同じ対象の別の取込が反映されたため、この取込は破棄されました。'

async function discardStaleBatches(batch: ImportBatch, trx: TransactionClientContract) {
  await trx
    .from('import_batches')
    .where('kind', batch.kind)
    .where('period', batch.period ?? '')
    .where('status', 'validated')
    .whereNot('id', batch.id)
    .update({ status: 'failed', failure_message: DISCARDED_MESSAGE })
}

async function purgeDiscarded(batch: ImportBatch) {
  const stale = await ImportBatch.query()
    .where('kind', batch.kind)
    .where('period', batch.period ?? '')
    .where('status', 'failed')
    .where('failure_message', DISCARDED_MESSAGE)
  for (const other of stale) {
    await pipelineFor(batch.kind).purge(other.id, db.connection())
    await forgetStoredFile(other.id)
  }
}

async function markFailed(batch: ImportBatch, message: string) {
  const file = batch.storedFileName
  batch.status = 'failed'
  batch.failureMessage = message
  batch.workerPid = null
  // A failed batch is never read again (the clerk uploads anew): its file goes now.
  batch.storedFileName = null
  await batch.save()
  await removeStoredFile(file)
}

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

async function removeStoredFile(name: string | null) {
  if (name) await rm(join(importsDirectory(), name), { force: true })
}

async function forgetStoredFile(batchId: number) {
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

/**
 * Marks a validated batch 'committing' at once (one conditional update, so a double click
 * queues one commit), for the page to show progress before the runner starts.
 */
export async function queueCommit(batch: ImportBatch): Promise<boolean> {
  const updated = await db
    .from('import_batches')
    .where('id', batch.id)
    .where('status', 'validated')
    .where('error_count', 0)
    .update({
      status: 'committing',
      progress_done: 0,
      worker_host: hostname().slice(0, 100),
      worker_pid: null,
      heartbeat_ms: Date.now(),
    })
  return Number(Array.isArray(updated) ? updated[0] : updated) === 1
}

/**
 * Node flags of the runner child. V8 collects its old generation lazily: rows that outlive a
 * young-generation collection (a chunk waiting for the PostgreSQL COPY to drain) pile up as
 * garbage until the heap reaches a limit V8 sizes for itself, so the peak RSS of a 1,000,000-row
 * import on PostgreSQL was ~310 MB against ~155 MB at 200,000 rows. A fixed old-generation
 * limit makes V8 collect sooner: the runner's live data is small and does not grow with the
 * file (member maps and, at most, MAX_STORED_ERRORS row errors: duplicate lines are found in SQL over
 * the staged rows), so 160 MB leaves ample headroom (the development runner,
 * with the TypeScript loader, included).
 * A 32 MiB semi-space (V8's default here is 16) halves the young-generation collections of a
 * large import: measured with --trace-gc over 1,000,000 rows on PostgreSQL, scavenges 172 ->
 * 93 (2.0 -> 0.9 s) and mark-compacts 43 -> 25 (0.7 -> 0.4 s, incremental marking 0.8 ->
 * 0.3 s), for ~35 MB more peak RSS; 64 MiB left the old generation too little room under the
 * 160 MB cap (89 mark-compacts, 1.5 s). The benchmark's baseline child gets the same flags.
 */
export const RUNNER_NODE_FLAGS = ['--max-old-space-size=160', '--max-semi-space-size=32']
export const RUNNER_ENV = { MALLOC_ARENA_MAX: '2' }

export type RunnerMode = 'child' | 'inline' | 'background'

export function runnerMode(): RunnerMode {
  const configured = process.env.IMPORT_RUNNER as RunnerMode | undefined
  if (configured && ['child', 'inline', 'background'].includes(configured)) return configured
  return app.inTest ? 'inline' : 'child'
}

export async function runImport(batchId: number, action: 'validate' | 'commit') {
  return action === 'validate' ? validateBatch(batchId) : commitBatch(batchId)
}

/**
 * Starts validation or commit off the request path. The batch shows its new status at once
 * (the page's progress bar); the child process claims it with its own pid.
 */
export async function launchImport(batch: ImportBatch, action: 'validate' | 'commit') {
  const mode = runnerMode()
  if (mode === 'inline') {
    await runImport(batch.id, action).catch((error) => {
      if (!(error instanceof ImportRefusedError)) throw error
    })
    return
  }
  if (mode === 'background') {
    setImmediate(() => {
      runImport(batch.id, action).catch((error) =>
        logger.error({ err: error, batchId: batch.id }, 'background import failed')
      )
    })
    return
  }
  const child = spawn(
    process.execPath,
    [
      ...RUNNER_NODE_FLAGS,
      app.makePath('ace.js'),
      'import:run',
      String(batch.id),
      `--action=${action}`,
    ],
    {
      cwd: app.makePath(),
      detached: true,
      stdio: 'ignore',
      // Fewer malloc arenas: the runner's RSS stays near its heap (better-sqlite3, pg buffers).
      env: { ...RUNNER_ENV, ...process.env },
    }
  )
  child.unref()
}
