/*
| In every web instance: imports left 'validating' / 'committing' by a runner that died, or
| still 'uploaded' because their runner never started, are marked failed (their unpublished
| rows deleted, their lock released); members keep seeing the previous data. This runs at
| boot, then every minute or so (RECOVERY_INTERVAL_MS, with jitter) without a restart; the
| sweep stops when the app terminates. At boot, uploaded files that are no longer needed are
| deleted too (the rule is in sweepStoredFiles, app/imports/run/stored_files.ts).
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import { recoverInterruptedImports } from '#imports/run/recovery'
import { sweepStoredFiles } from '#imports/run/stored_files'
import { startRecoverySweep } from '#imports/recovery_sweep'

try {
  await recoverInterruptedImports('boot')
  const removed = await sweepStoredFiles()
  if (removed) logger.info({ files: removed }, 'import files no longer needed deleted')
} catch (error) {
  logger.error({ err: error }, 'import recovery could not run (is the database migrated?)')
}

const sweep = startRecoverySweep()
app.terminating(() => sweep.stop())
