import { test } from '@japa/runner'
import { trustedProxies } from '#domain/common/trusted_proxies'

test.group('Trusted proxies (TRUSTED_PROXIES)', () => {
  test('unset or empty: no hop is trusted, not even loopback', ({ assert }) => {
    for (const value of [undefined, '', '  ']) {
      const trust = trustedProxies(value)
      assert.isFalse(trust('127.0.0.1', 0))
      assert.isFalse(trust('::1', 0))
      assert.isFalse(trust('10.0.0.5', 0))
    }
  })

  test('a comma-separated list of addresses, subnets and proxy-addr names', ({ assert }) => {
    const trust = trustedProxies(' 10.0.0.0/8, 192.168.1.20 ,loopback')
    assert.isTrue(trust('10.20.30.40', 0))
    assert.isTrue(trust('192.168.1.20', 0))
    assert.isTrue(trust('127.0.0.1', 0))
    assert.isTrue(trust('::1', 0))
    assert.isFalse(trust('192.168.1.21', 0))
    assert.isFalse(trust('203.0.113.1', 0))
  })

  test('a value that is not an address refuses to start, naming the variable', ({ assert }) => {
    assert.throws(
      () => trustedProxies('10.0.0.0/8, proxy.internal'),
      /TRUSTED_PROXIES.*proxy\.internal/
    )
  })
})
