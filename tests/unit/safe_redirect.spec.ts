import { test } from '@japa/runner'
import { sameSitePath } from '#domain/auth/safe_redirect'

test.group('Redirect after log-in stays on this site', () => {
  test('keeps {value}')
    .with(['/mypage', '/mypage?month=2026-10', '/faq#login'])
    .run(({ assert }, value) => {
      assert.equal(sameSitePath(value), value)
    })

  test('refuses {value}')
    .with([
      '//evil.example/login',
      '/\\evil.example',
      'https://evil.example/',
      'mypage',
      '/my\npage',
      '',
    ])
    .run(({ assert }, value) => {
      assert.isNull(sameSitePath(value))
    })

  test('refuses what is not a string', ({ assert }) => {
    assert.isNull(sameSitePath(undefined))
    assert.isNull(sameSitePath(42))
  })
})
