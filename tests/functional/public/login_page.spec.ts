import { test } from '@japa/runner'
import { route } from '#tests/helpers/routes'

test.group('Public pages / server rendering', () => {
  test('the log-in page is server-rendered in Japanese, with a real form', async ({
    client,
    assert,
  }) => {
    const response = await client.get(route('public.login.show'))
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, '<html lang="ja">')
    assert.include(html, 'マイページ ログイン')
    assert.include(html, `<form method="post" action="${route('public.login.store')}"`)
    assert.match(html, /<input type="hidden" name="_csrf" value="[^"]+"/)
    assert.include(html, '<label for="field-email">メールアドレス')
    // Vue must render text, not an unresolved promise (vue >= 3.5.44 with Inertia 2.3.28 did).
    assert.notInclude(html, '[object Promise]')
  })

  test('pages load nothing from another host and send a content security policy', async ({
    client,
    assert,
  }) => {
    const response = await client.get(route('public.login.show'))
    const html = response.text()
    const external = [...html.matchAll(/(?:src|href)="(https?:)?\/\/([^"/]+)/g)]
      .map((match) => match[2])
      .filter((host) => !host.startsWith('localhost'))
    assert.deepEqual(external, [])
    const csp = response.header('content-security-policy')
    assert.include(csp, "default-src 'self'")
    assert.include(csp, "frame-ancestors 'none'")
    assert.equal(response.header('x-frame-options'), 'DENY')
  })

  test('FAQ page shows the co-op FAQ', async ({ client, assert }) => {
    const response = await client.get(route('public.faq'))
    response.assertStatus(200)
    assert.include(response.text(), 'メールアドレスを忘れた場合はどうすればよいですか')
    assert.include(response.text(), '0776-23-1889')
  })

  test('forgotten e-mail page gives the phone number', async ({ client, assert }) => {
    const response = await client.get(route('public.forgot_email'))
    response.assertStatus(200)
    assert.include(response.text(), 'ご本人さま確認のうえご案内いたします')
    assert.include(response.text(), '0776-23-1889')
  })

  test('an unknown URL gets the Japanese not-found page', async ({ client, assert }) => {
    const response = await client.get('/no-such-page')
    response.assertStatus(404)
    assert.include(response.text(), 'ページが見つかりません')
  })

  test('health check answers 200 with the database checked', async ({ client, assert }) => {
    const response = await client.get(route('public.health'))
    response.assertStatus(200)
    assert.equal(response.body().status, 'ok')
    assert.equal(response.body().database.status, 'ok')
  })
})
