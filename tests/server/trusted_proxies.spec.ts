import { test } from '@japa/runner'
import { startRealServer, type RealServer } from '#tests/helpers/real_server'
import { memberLoginAttempts, wrongMemberPassword } from '#tests/helpers/real_server_logins'
import { RATE_LIMITS } from '#domain/auth/rate_limits'

/*
| Issue 9, defect 8: which client address the access log and the log-in rate
| limits use. X-Forwarded-For is believed only from the proxies TRUSTED_PROXIES
| names (none by default); otherwise a client could pick its own address, and
| behind a load balancer on another host every client would share one.
*/

test.group('Trusted proxies on a real server: none by default', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })

  test("a client's own X-Forwarded-For changes neither the logged address nor its rate limit", async ({
    assert,
  }) => {
    const client = server.client({ localAddress: '127.0.0.7' })
    const email = 'nobody-spoof@example.jp'
    for (let index = 1; index <= RATE_LIMITS.passwordLoginPerAccount.requests + 1; index++) {
      await wrongMemberPassword(client, email, { 'x-forwarded-for': `198.51.100.${index}` })
    }
    const logged = await memberLoginAttempts(server, email)
    assert.deepEqual(
      logged.map((row) => row.ip),
      Array(RATE_LIMITS.passwordLoginPerAccount.requests + 1).fill('127.0.0.7')
    )
    assert.deepEqual(
      logged.map((row) => row.reason),
      [...Array(RATE_LIMITS.passwordLoginPerAccount.requests).fill('invalid'), 'throttled'],
      'a new X-Forwarded-For on each try does not escape the limit'
    )
  })
})

test.group('Trusted proxies on a real server: TRUSTED_PROXIES=127.0.0.1', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer({ env: { TRUSTED_PROXIES: '127.0.0.1' } })
    return async () => {
      await server.stop()
    }
  })

  test('two clients behind the proxy are logged with their own address and limited separately', async ({
    assert,
  }) => {
    const viaProxy = server.client({ localAddress: '127.0.0.1' })
    const email = 'nobody-proxied@example.jp'
    for (let index = 1; index <= RATE_LIMITS.passwordLoginPerAccount.requests + 1; index++) {
      await wrongMemberPassword(viaProxy, email, { 'x-forwarded-for': '203.0.113.10' })
    }
    await wrongMemberPassword(viaProxy, email, { 'x-forwarded-for': '203.0.113.20' })
    // Not a proxy: what it claims is ignored.
    await wrongMemberPassword(server.client({ localAddress: '127.0.0.8' }), email, {
      'x-forwarded-for': '203.0.113.30',
    })

    const logged = await memberLoginAttempts(server, email)
    assert.deepEqual(logged, [
      ...Array(RATE_LIMITS.passwordLoginPerAccount.requests).fill({
        ip: '203.0.113.10',
        reason: 'invalid',
      }),
      { ip: '203.0.113.10', reason: 'throttled' },
      { ip: '203.0.113.20', reason: 'invalid' },
      { ip: '127.0.0.8', reason: 'invalid' },
    ])
  })

  test('a client-supplied address in front of the real one is not believed', async ({ assert }) => {
    // The proxy appends the address it saw: "what the client claimed, the client".
    const viaProxy = server.client({ localAddress: '127.0.0.1' })
    const email = 'nobody-chained@example.jp'
    await wrongMemberPassword(viaProxy, email, { 'x-forwarded-for': '198.51.100.77, 203.0.113.40' })
    const logged = await memberLoginAttempts(server, email)
    assert.deepEqual(logged, [{ ip: '203.0.113.40', reason: 'invalid' }])
  })
})
