/*
| Application events. Mails sent with `sendLater` go through the in-memory queue; a failure
| there has no request to answer, so it is logged (never with the mail's content).
*/
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'

emitter.on('queued:mail:error', ({ error, mailerName }) => {
  logger.error({ err: error, mailerName }, 'a queued mail could not be sent')
})
