/*
| HTTP server entrypoint: `node ace serve` runs it in development, `node bin/start.js`
| (npm start) and `node build/bin/server.js` (production build) run it directly.
*/
// Timestamps are stored and compared in UTC; business dates use Japan time explicitly.
process.env.TZ = 'UTC'

import 'reflect-metadata'
import { Ignitor, prettyPrintError } from '@adonisjs/core'
import { drainingHttpServer } from '#services/draining_http_server'

const APP_ROOT = new URL('../', import.meta.url)

const IMPORTER = (filePath: string) => {
  if (filePath.startsWith('./') || filePath.startsWith('../')) {
    return import(new URL(filePath, APP_ROOT).href)
  }
  return import(filePath)
}

let http: ReturnType<typeof drainingHttpServer> | undefined

/** Anything still holding the event loop after a clean shutdown must not keep the process. */
function exitSoon() {
  setTimeout(() => process.exit(), 2000).unref()
}

new Ignitor(APP_ROOT, { importer: IMPORTER })
  .tap((app) => {
    app.booting(async () => {
      await import('#start/env')
    })
    // Requests already running finish before the database and stores are closed.
    const stop = async () => {
      await http?.drain()
      await app.terminate()
      exitSoon()
    }
    app.listen('SIGTERM', stop)
    app.listen('SIGINT', stop)
  })
  .httpServer()
  .start((handler) => {
    http = drainingHttpServer(handler)
    return http.server
  })
  .catch(async (error) => {
    process.exitCode = 1
    await prettyPrintError(error)
    // A failed boot may have opened connections and timers (Redis, the mail sender).
    process.exit()
  })
