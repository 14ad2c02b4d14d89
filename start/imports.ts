/*
| At boot of the web server: imports left 'validating' / 'committing' by a process that died,
| or still 'uploaded' because their runner never started, are marked failed (their unpublished
| rows deleted); members keep seeing the previous data. Then uploaded files that are no longer
| needed are deleted (the rule is in sweepStoredFiles, app/imports/run.ts).
*/
import logger from '@adonisjs/core/services/logger'
import { recoverInterruptedImports, sweepStoredFiles } from '#imports/run'

try {
  const recovered = await recoverInterruptedImports()
  if (recovered.length) logger.warn({ batches: recovered }, 'interrupted imports marked failed')
  const removed = await sweepStoredFiles()
  if (removed) logger.info({ files: removed }, 'import files no longer needed deleted')
} catch (error) {
  logger.error({ err: error }, 'import recovery could not run (is the database migrated?)')
}
