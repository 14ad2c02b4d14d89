import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import type { ApiResponse } from '@japa/api-client'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { issueLinkToken } from '#domain/auth/one_time_tokens'
import { LOGIN_CHALLENGE_KEY } from '#domain/auth/new_device_login_code'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { route } from '#tests/helpers/routes'

/**
 * Defect 9 of issue 9: no page said which Referer it allows, and the pages opened from mailed
 * links (their path holds the token) or showing a code could be kept by the browser's cache.
 */
function assertNoStore(assert: any, response: ApiResponse) {
  assert.include(response.header('cache-control') ?? '', 'no-store')
}

async function registered() {
  const member = await MemberFactory.with('account', 1, (account) =>
    account.apply('registered')
  ).create()
  return MemberAccount.findByOrFail('member_id', member.id)
}

async function pending(state: 'pending') {
  const member = await MemberFactory.with('account', 1, (account) => account.apply(state)).create()
  return MemberAccount.findByOrFail('member_id', member.id)
}

test.group('Security headers: Referrer-Policy and Cache-Control', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })

  test('every page sends its Referer to this site only ({$self})')
    .with([
      route('public.login.show'),
      route('public.faq'),
      route('staff.login.show'),
      route('public.password.forgot'),
      route('public.health'),
    ])
    .run(async ({ client, assert }, url) => {
      const response = await client.get(url).redirects(0)
      assert.equal(response.header('referrer-policy'), 'same-origin')
    })

  test('member and staff pages too', async ({ client, assert }) => {
    const account = await registered()
    const member = await asMember(client.get(route('member.home')), account)
    assert.equal(member.header('referrer-policy'), 'same-origin')
    const staff = await asStaff(
      client.get(route('staff.dashboard')),
      await StaffUserFactory.create()
    )
    assert.equal(staff.header('referrer-policy'), 'same-origin')
  })

  test('the password-reset page (token in its path): no Referer, not stored', async ({
    client,
    assert,
  }) => {
    const account = await registered()
    const token = await issueLinkToken(account.id, 'password_reset')
    const response = await client.get(route('public.password.edit', { token }))
    response.assertStatus(200)
    assert.equal(response.header('referrer-policy'), 'no-referrer')
    assertNoStore(assert, response)

    // A link that no longer works still has a token in its address.
    const unknown = await client.get(
      route('public.password.edit', { token: 'not-a-real-token-value-at-all' })
    )
    unknown.assertStatus(404)
    assert.equal(unknown.header('referrer-policy'), 'no-referrer')
    assertNoStore(assert, unknown)
  })

  test('a refused new password returns to the reset page although it sent no Referer', async ({
    client,
    assert,
  }) => {
    const account = await registered()
    const token = await issueLinkToken(account.id, 'password_reset')
    const response = await client
      .post(route('public.password.update', { token }))
      .form({ password: 'correct horse battery', password_confirmation: 'something else' })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('public.password.edit', { token }))
    assert.property(fieldErrors(response), 'password')
    assert.equal(response.header('referrer-policy'), 'no-referrer')
  })

  test('the registration confirmation link: no Referer, not stored', async ({ client, assert }) => {
    const account = await pending('pending')
    const token = await issueLinkToken(account.id, 'registration')
    const response = await client.get(route('public.register.confirm', { token }))
    response.assertStatus(200)
    assert.equal(response.header('referrer-policy'), 'no-referrer')
    assertNoStore(assert, response)
  })

  test('the e-mail change confirmation link: no Referer, not stored', async ({
    client,
    assert,
  }) => {
    const account = await registered()
    account.pendingEmail = 'new-address@example.jp'
    await account.save()
    const token = await issueLinkToken(account.id, 'email_change', {
      payload: { email: 'new-address@example.jp' },
    })
    const response = await client.get(route('public.email.confirm', { token }))
    response.assertStatus(200)
    assert.equal(response.header('referrer-policy'), 'no-referrer')
    assertNoStore(assert, response)
  })

  test('the log-in code page is not stored', async ({ client, assert }) => {
    const account = await registered()
    const response = await client
      .get(route('public.login.code'))
      .withSession({ [LOGIN_CHALLENGE_KEY]: { accountId: account.id, at: Date.now(), resends: 0 } })
    response.assertStatus(200)
    assertNoStore(assert, response)
  })

  test('the development mailbox (it shows the mailed links) is not stored', async ({
    client,
    assert,
  }) => {
    const response = await client.get('/dev/mailbox')
    response.assertStatus(200)
    assertNoStore(assert, response)
    assert.equal(response.header('referrer-policy'), 'no-referrer')
  })
})
