import { test } from '@japa/runner'
import http from 'node:http'
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { drainingHttpServer, SHUTDOWN_GRACE_MS } from '#services/draining_http_server'

/** A server whose /slow answer waits for `release`; every other path answers at once. */
async function serve() {
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  const { server, drain } = drainingHttpServer((request, response) => {
    if (request.url === '/slow') void released.then(() => response.end('late'))
    else response.end('ok')
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  const agent = new http.Agent({ keepAlive: true })
  const get = (path: string) =>
    new Promise<{ status: number; connection: string | undefined; body: string }>(
      (resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path, agent }, (response) => {
            let body = ''
            response.on('data', (chunk) => (body += chunk))
            response.on('end', () =>
              resolve({
                status: response.statusCode!,
                connection: response.headers.connection,
                body,
              })
            )
          })
          .on('error', reject)
      }
    )
  return { server, drain, get, release, agent }
}

test.group('Draining HTTP server (SIGTERM)', () => {
  test('the grace period for running requests is 10 seconds', ({ assert }) => {
    assert.equal(SHUTDOWN_GRACE_MS, 10_000)
  })

  test('a request running when the drain starts is answered with Connection: close, then the drain ends', async ({
    assert,
  }) => {
    const { drain, get, release, agent } = await serve()
    const first = await get('/')
    assert.equal(first.status, 200)
    const slow = get('/slow')
    await new Promise((resolve) => setTimeout(resolve, 50))
    const drained = drain(5_000)
    release()
    const answer = await slow
    assert.deepEqual(answer, { status: 200, connection: 'close', body: 'late' })
    const started = Date.now()
    await drained
    assert.isBelow(Date.now() - started, 1_000)
    agent.destroy()
  })

  test('a request still running when the grace period ends is cut off, and the drain ends then', async ({
    assert,
  }) => {
    const { drain, get, release, agent } = await serve()
    const slow = get('/slow').catch((error: NodeJS.ErrnoException) => error.code)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = Date.now()
    await drain(300)
    const took = Date.now() - started
    assert.isAtLeast(took, 280)
    assert.isBelow(took, 2_000)
    assert.equal(await slow, 'ECONNRESET')
    release()
    agent.destroy()
  })
})
