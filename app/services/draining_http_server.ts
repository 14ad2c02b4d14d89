import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/** How long requests already running may take to finish after SIGTERM. */
export const SHUTDOWN_GRACE_MS = 10_000
const IDLE_SWEEP_MS = 100

/**
 * The Node HTTP server under AdonisJS, with a shutdown that lets what is running finish:
 * `server.close()` alone stops new connections but waits for every keep-alive connection a
 * load balancer or browser holds open, which a steady stream of requests never lets go (the
 * process then never exits). Draining answers every request still to be answered with
 * `Connection: close`, keeps closing connections as soon as they are idle and, after the
 * grace period, closes the rest.
 */
export function drainingHttpServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void
) {
  let draining = false
  const inFlight = new Set<ServerResponse>()
  const server: Server = createServer((request, response) => {
    if (draining) response.setHeader('connection', 'close')
    inFlight.add(response)
    response.once('close', () => inFlight.delete(response))
    handler(request, response)
  })

  async function drain(graceMs = SHUTDOWN_GRACE_MS) {
    if (draining) return
    draining = true
    for (const response of inFlight) {
      if (!response.headersSent) response.setHeader('connection', 'close')
    }
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    // A request that was running when the drain began leaves its connection idle, not closed.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS)
    let timer: NodeJS.Timeout | undefined
    const graceOver = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        server.closeAllConnections()
        resolve()
      }, graceMs)
    })
    await Promise.race([closed, graceOver])
    clearInterval(sweep)
    clearTimeout(timer)
  }

  return { server, drain }
}
