import { test } from '@japa/runner'
import http from 'node:http'
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { engine, startRealServer } from '#tests/helpers/real_server'
import { memberLoginAttempts, route } from '#tests/helpers/real_server_logins'

/*
| Issue 14 item 5: SIGTERM (a deploy, systemd stop) while a load balancer keeps connections
| busy. What is running finishes against open stores, no answer is a 5xx, new connections are
| refused, and the process is gone within seconds — on both databases.
*/
const EXIT_WITHIN_MS = 5_000

test.group(`Shutdown on SIGTERM (${engine})`, () => {
  test('a request still sending its body is answered, keep-alive clients are let go, and the process exits within 5 s', async ({
    assert,
  }) => {
    const server = await startRealServer()
    const browser = server.client()
    await browser.get(route('public.login.show'))
    const body = new URLSearchParams({
      _csrf: browser.csrfToken()!,
      email: 'hanako@example.jp',
      password: 'a wrong password',
    }).toString()

    // A log-in whose body is half sent when SIGTERM arrives.
    const slow = net.connect(server.port, '127.0.0.1')
    await new Promise((resolve) => slow.once('connect', resolve))
    let answer = ''
    slow.on('data', (chunk) => (answer += chunk))
    const answered = new Promise((resolve) => slow.once('end', resolve))
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    slow.write(
      `POST ${route('public.login.store')} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n` +
        `Cookie: ${cookie}\r\nAccept: text/html\r\n\r\n${body.slice(0, 10)}`
    )

    // Twenty keep-alive clients that never pause, as behind a load balancer.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 20 })
    const statuses = new Map<string, number>()
    let running = true
    const get = () =>
      new Promise<string>((resolve) => {
        const request = http.get(
          { host: '127.0.0.1', port: server.port, path: route('public.login.show'), agent },
          (response) => {
            response.resume()
            response.on('end', () => resolve(String(response.statusCode)))
          }
        )
        request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
      })
    const clients = Array.from({ length: 20 }, async () => {
      while (running) {
        const status = await get()
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (!/^\d+$/.test(status)) await sleep(20)
      }
    })
    await sleep(1_000)
    assert.isAbove(statuses.get('200') ?? 0, 0, 'the clients are served before SIGTERM')

    const started = Date.now()
    const exited = server.stop()
    await sleep(300)
    const refused = await new Promise<string>((resolve) => {
      const probe = net.connect(server.port, '127.0.0.1')
      probe.once('connect', () => {
        probe.destroy()
        resolve('connected')
      })
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'))
    })
    assert.equal(refused, 'ECONNREFUSED', 'no new connection once SIGTERM arrived')
    slow.write(body.slice(10))
    await answered
    assert.match(answer, /^HTTP\/1\.1 302 /, answer.slice(0, 200))

    const code = await exited
    const took = Date.now() - started
    running = false
    await Promise.all(clients)
    agent.destroy()
    assert.equal(code, 0, server.output().slice(-2000))
    assert.isBelow(took, EXIT_WITHIN_MS, `exited after ${took} ms`)
    // Connections closed while idle may reset a request the server never read (clients retry
    // those, as after any keep-alive timeout); nothing it read goes unanswered or fails.
    const answers = [...statuses.keys()].filter((status) => /^\d+$/.test(status))
    assert.deepEqual(answers, ['200'], `answers: ${JSON.stringify([...statuses])}`)
    // The log-in attempt reached the database while the server was draining.
    const attempts = await memberLoginAttempts(server, 'hanako@example.jp')
    assert.equal(attempts.at(-1)?.reason, 'invalid')
  }).timeout(90_000)
})
