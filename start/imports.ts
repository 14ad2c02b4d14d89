/*
| At boot of the web server: imports left 'validating' / 'committing' by a process that died
| are marked failed (their unpublished rows deleted); members keep seeing the previous data.
*/
import logger from '@adonisjs/core/services/logger'
import { recoverInterruptedImports } from '#imports/run'

try {
  const recovered = await recoverInterruptedImports()
  if (recovered.length) logger.warn({ batches: recovered }, 'interrupted imports marked failed')
} catch (error) {
  logger.error({ err: error }, 'import recovery could not run (is the database migrated?)')
}
