import { spawn } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type ImportBatch from '#models/import_batch'
import { ImportRefusedError } from '#imports/run/errors'
import { validateBatch } from '#imports/run/validate'
import { commitBatch } from '#imports/run/commit'

/*
 * The work of a batch runs off the request path: in a child process (`node ace import:run`) by
 * default, in-process in tests and in the ace commands (which are already off the request path).
 */

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
