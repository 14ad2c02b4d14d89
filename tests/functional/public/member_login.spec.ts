import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { asMember } from '#tests/helpers/sessions'
import { knownDevice } from '#tests/helpers/devices'
import { DEVICE_COOKIE } from '#domain/auth/member_devices'
import { route } from '#tests/helpers/routes'
import { RATE_LIMITS } from '#domain/auth/rate_limits'

const PASSWORD = 'correct horse battery'

async function registeredMember(
  email = 'hanako@example.jp',
  states: ('withdrawn' | 'withdrawalPending')[] = []
) {
  let factory = MemberFactory.with('account', 1, (account) =>
    account.apply('registered').merge({ email, password: PASSWORD })
  )
  for (const state of states) factory = factory.apply(state)
  const member = await factory.create()
  return MemberAccount.findByOrFail('member_id', member.id)
}

test.group('Member log-in', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('the right e-mail and password open the member home and are written to the access log', async ({
    client,
    assert,
  }) => {
    const account = await registeredMember()
    const device = await knownDevice(account)
    const response = await client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, device)
      .form({ email: 'Hanako@Example.jp ', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    response.assertStatus(302)
    response.assertHeader('location', route('member.home'))
    const entry = await AuditLog.query().where('action', 'member.login').firstOrFail()
    assert.equal(entry.outcome, 'success')
    assert.equal(entry.memberAccountId, account.id)
    assert.isNotNull(entry.ip)
    await account.refresh()
    assert.equal(account.failedLoginCount, 0)
  })

  test('a wrong password is refused with a Japanese message, counted and logged', async ({
    client,
    assert,
  }) => {
    const account = await registeredMember()
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'hanako@example.jp', password: 'wrong password' })
      .withCsrfToken()

    response.assertStatus(200)
    assert.include(response.text(), 'メールアドレスまたはパスワードが正しくありません')
    // The typed e-mail comes back; the password never does.
    assert.include(response.text(), 'value="hanako@example.jp"')
    assert.notInclude(response.text(), 'wrong password')
    await account.refresh()
    assert.equal(account.failedLoginCount, 1)
    const entry = await AuditLog.query().where('action', 'member.login').firstOrFail()
    assert.equal(entry.outcome, 'failure')
    assert.equal(JSON.parse(entry.detailsJson!).reason, 'invalid')
  })

  test('an unknown e-mail gets the same answer as a wrong password', async ({ client, assert }) => {
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'nobody@example.jp', password: PASSWORD })
      .withCsrfToken()
    assert.include(response.text(), 'メールアドレスまたはパスワードが正しくありません')
    const entry = await AuditLog.query().where('action', 'member.login').firstOrFail()
    assert.equal(entry.actorType, 'anonymous')
    assert.equal(entry.outcome, 'failure')
  })

  test('an account that has not completed registration cannot log in', async ({
    client,
    assert,
  }) => {
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('pending').merge({ pendingEmail: 'pending@example.jp', password: PASSWORD })
    ).create()
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'pending@example.jp', password: PASSWORD })
      .withCsrfToken()
    assert.include(response.text(), 'メールアドレスまたはパスワードが正しくありません')
    assert.exists(member)
  })

  test('missing fields get a message next to the field', async ({ client, assert }) => {
    const response = await client
      .post(route('public.login.store'))
      .header('referer', route('public.login.show'))
      .form({ email: '', password: '' })
      .withCsrfToken()
    response.assertStatus(200)
    assert.include(response.text(), 'メールアドレスを入力してください。')
    assert.include(response.text(), 'パスワードを入力してください。')
    assert.include(response.text(), 'aria-invalid="true"')
  })

  test('a post without the CSRF token changes nothing', async ({ client, assert }) => {
    await registeredMember()
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'hanako@example.jp', password: PASSWORD })
      .redirects(0)
    assert.notEqual(response.header('location'), route('member.home'))
    assert.isNull(await AuditLog.query().where('action', 'member.login').first())
  })

  test('after repeated failures log-in is throttled with a friendly message, even with the right password', async ({
    client,
    assert,
  }) => {
    await registeredMember()
    for (let i = 0; i < RATE_LIMITS.passwordLoginPerAccount.requests; i++) {
      await client
        .post(route('public.login.store'))
        .form({ email: 'hanako@example.jp', password: `wrong ${i}` })
        .withCsrfToken()
    }
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'hanako@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    assert.equal(response.header('location'), route('public.login.show'))
    const page = await client.get(route('public.login.show')).withCsrfToken()
    assert.exists(page)
    const last = await AuditLog.query()
      .where('action', 'member.login')
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(last.outcome, 'failure')
    assert.equal(JSON.parse(last.detailsJson!).reason, 'throttled')
  })

  test('per address and log-in id: five wrong passwords a minute are answered, the sixth try is throttled', async ({
    client,
    assert,
  }) => {
    await registeredMember()
    for (let i = 1; i <= 5; i++) {
      const wrong = await client
        .post(route('public.login.store'))
        .form({ email: 'hanako@example.jp', password: `wrong ${i}` })
        .withCsrfToken()
      assert.include(wrong.text(), 'メールアドレスまたはパスワードが正しくありません')
    }
    await client
      .post(route('public.login.store'))
      .form({ email: 'hanako@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    const reasons = await AuditLog.query().where('action', 'member.login').orderBy('id')
    assert.deepEqual(
      reasons.map((entry) => JSON.parse(entry.detailsJson!).reason),
      [...Array(5).fill('invalid'), 'throttled']
    )
  })

  test('per address: thirty wrong passwords in 15 minutes over many ids are answered, the 31st try is throttled', async ({
    client,
    assert,
  }) => {
    await registeredMember()
    for (let i = 1; i <= 30; i++) {
      const wrong = await client
        .post(route('public.login.store'))
        .form({ email: `guess${i}@example.jp`, password: `wrong ${i}` })
        .withCsrfToken()
      assert.include(wrong.text(), 'メールアドレスまたはパスワードが正しくありません')
    }
    await client
      .post(route('public.login.store'))
      .form({ email: 'hanako@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    const reasons = await AuditLog.query().where('action', 'member.login').orderBy('id')
    assert.deepEqual(
      reasons.map((entry) => JSON.parse(entry.detailsJson!).reason),
      [...Array(30).fill('invalid'), 'throttled']
    )
  })

  test('the throttle message is Japanese and says how long to wait', async ({ client, assert }) => {
    await registeredMember()
    for (let i = 0; i <= RATE_LIMITS.passwordLoginPerAccount.requests; i++) {
      await client
        .post(route('public.login.store'))
        .form({ email: 'hanako@example.jp', password: `wrong ${i}` })
        .withCsrfToken()
    }
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'hanako@example.jp', password: PASSWORD })
      .withCsrfToken()
    response.assertStatus(200)
    assert.match(response.text(), /ログインの試行回数が上限に達しました。\d+分ほど待ってから/)
  })

  test('a withdrawn member whose refund date has passed is refused with an explanation', async ({
    client,
    assert,
  }) => {
    const account = await registeredMember('withdrawn@example.jp', ['withdrawn'])
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'withdrawn@example.jp', password: PASSWORD })
      .withCsrfToken()
    assert.include(response.text(), 'マイページのご利用は終了しました')
    assert.include(response.text(), '出資金返還日')
    const entry = await AuditLog.query().where('action', 'member.login').firstOrFail()
    assert.equal(JSON.parse(entry.detailsJson!).reason, 'withdrawn')
    assert.equal(entry.memberAccountId, account.id)
  })

  test('a member whose withdrawal is pending still logs in and sees the warning', async ({
    client,
    assert,
  }) => {
    const account = await registeredMember('pending-withdrawal@example.jp', ['withdrawalPending'])
    const device = await knownDevice(account)
    const login = await client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, device)
      .form({ email: 'pending-withdrawal@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    login.assertHeader('location', route('member.home'))

    const home = await asMember(client.get(route('member.home')), account)
    home.assertStatus(200)
    assert.include(home.text(), '脱退届を受理しました')
  })

  test('a locked account is refused until the lock ends', async ({ client, assert }) => {
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('locked').merge({
        email: 'locked@example.jp',
        password: PASSWORD,
        lockedUntil: DateTime.utc().plus({ minutes: 20 }),
      })
    ).create()
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'locked@example.jp', password: PASSWORD })
      .withCsrfToken()
    assert.include(response.text(), 'アカウントを一時的にロックしています')
    assert.exists(member)
  })
})
