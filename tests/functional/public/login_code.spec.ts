import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import MemberDevice from '#models/member_device'
import OneTimeToken from '#models/one_time_token'
import { createRegisteredMember } from '#database/factories/member_factory'
import { DEVICE_COOKIE } from '#domain/auth/member_devices'
import LoginCodeMail from '#mails/login_code_mail'
import { lastSent } from '#tests/helpers/mails'
import { knownDevice } from '#tests/helpers/devices'
import { route } from '#tests/helpers/routes'
import { LOGIN_CODE_TRIES, RATE_LIMITS } from '#domain/auth/rate_limits'

const PASSWORD = 'device test password'
const CHALLENGE = 'member_login_challenge'

async function member() {
  return createRegisteredMember({ email: 'device@example.jp', password: PASSWORD })
}

function challengeFor(accountId: number, at = Date.now()) {
  return { [CHALLENGE]: { accountId, at } }
}

test.group('New-device log-in code', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('a right password from a new browser mails a 6-digit code instead of logging in', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    const response = await client
      .post(route('public.login.store'))
      .form({ email: 'device@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.login.code'))
    assert.notProperty(response.session(), 'auth_member')
    assert.notProperty(response.session(), 'member_login_at')
    assert.equal(response.session()[CHALLENGE].accountId, account.id)
    const sent = await lastSent(mails, LoginCodeMail)
    assert.equal(sent.recipient, 'device@example.jp')
    assert.match(sent.code, /^\d{6}$/)
    sent.message.assertTextIncludes('まで（10分間）です。')
    const token = await OneTimeToken.query().where('purpose', 'login_code').firstOrFail()
    assert.notInclude(token.tokenHash, sent.code)
  })

  test('a wrong password never sends a code', async ({ client }) => {
    const { mails } = mail.fake()
    await member()
    await client
      .post(route('public.login.store'))
      .form({ email: 'device@example.jp', password: 'wrong password' })
      .withCsrfToken()
    mails.assertNoneSent()
  })

  test('the code page needs a pending challenge and masks the address', async ({
    client,
    assert,
  }) => {
    const { account } = await member()
    const none = await client.get(route('public.login.code')).redirects(0)
    none.assertHeader('location', route('public.login.show'))
    const stale = await client
      .get(route('public.login.code'))
      .withSession(challengeFor(account.id, Date.now() - 11 * 60 * 1000))
      .redirects(0)
    stale.assertHeader('location', route('public.login.show'))
    const page = await client.get(route('public.login.code')).withSession(challengeFor(account.id))
    page.assertStatus(200)
    assert.include(page.text(), 'd*****@example.jp')
    assert.notInclude(page.text(), 'device@example.jp')
    assert.include(page.text(), 'autocomplete="one-time-code"')
  })

  test('the right code logs in, remembers the device with a cookie, and the next log-in needs none', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    await client
      .post(route('public.login.store'))
      .form({ email: 'device@example.jp', password: PASSWORD })
      .withCsrfToken()
    const { code } = await lastSent(mails, LoginCodeMail)
    const response = await client
      .post(route('public.login.code.store'))
      .withSession(challengeFor(account.id))
      .form({ code })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.home'))
    assert.equal(response.session().member_session_version, account.sessionVersion)
    assert.notProperty(response.session(), CHALLENGE)
    const deviceId = response.cookie(DEVICE_COOKIE)?.value
    assert.match(deviceId, /^[\w-]{43}$/)
    const device = await MemberDevice.findByOrFail('member_account_id', account.id)
    assert.notEqual(device.deviceHash, deviceId)

    const next = await client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, deviceId)
      .form({ email: 'device@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    next.assertHeader('location', route('member.home'))
  })

  test('a device known for another account still needs a code for this one', async ({ client }) => {
    mail.fake()
    await member()
    const { account: other } = await createRegisteredMember()
    const deviceId = await knownDevice(other)
    const response = await client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, deviceId)
      .form({ email: 'device@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.login.code'))
  })

  test('a wrong code is refused with the attempts left; after 5 the member starts again', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    await client
      .post(route('public.login.store'))
      .form({ email: 'device@example.jp', password: PASSWORD })
      .withCsrfToken()
    const { code } = await lastSent(mails, LoginCodeMail)
    const wrong = code === '000000' ? '111111' : '000000'
    const first = await client
      .post(route('public.login.code.store'))
      .withSession(challengeFor(account.id))
      .form({ code: wrong })
      .withCsrfToken()
    assert.include(first.text(), '認証コードが正しくありません')
    assert.include(first.text(), `あと${LOGIN_CODE_TRIES - 1}回`)
    for (let i = 1; i < LOGIN_CODE_TRIES - 1; i++) {
      await client
        .post(route('public.login.code.store'))
        .withSession(challengeFor(account.id))
        .form({ code: wrong })
        .withCsrfToken()
    }
    const last = await client
      .post(route('public.login.code.store'))
      .withSession(challengeFor(account.id))
      .form({ code: wrong })
      .withCsrfToken()
      .redirects(0)
    last.assertHeader('location', route('public.login.show'))
    last.assertFlashMessage(
      'error',
      '認証コードを続けて間違えたため、このコードは使えなくなりました。もう一度ログインしてください。'
    )
    const tooLate = await client
      .post(route('public.login.code.store'))
      .withSession(challengeFor(account.id))
      .form({ code })
      .withCsrfToken()
      .redirects(0)
    tooLate.assertHeader('location', route('public.login.show'))
    assert.notProperty(tooLate.session(), 'auth_member')
  })

  test('an empty code gets a Japanese message', async ({ client, assert }) => {
    const { account } = await member()
    const response = await client
      .post(route('public.login.code.store'))
      .withSession(challengeFor(account.id))
      .form({ code: '' })
      .withCsrfToken()
      .header('referer', route('public.login.code'))
    assert.include(response.text(), '認証コードを入力してください')
  })

  test('a code can be re-sent three times; the older code stops working', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    await client
      .post(route('public.login.store'))
      .form({ email: 'device@example.jp', password: PASSWORD })
      .withCsrfToken()
    const { code: first } = await lastSent(mails, LoginCodeMail)
    const resend = await client
      .post(route('public.login.code.resend'))
      .withSession(challengeFor(account.id))
      .withCsrfToken()
      .redirects(0)
    resend.assertHeader('location', route('public.login.code'))
    const { code: second } = await lastSent(mails, LoginCodeMail)
    assert.lengthOf(mails.sent(), 2)
    if (first !== second) {
      const old = await client
        .post(route('public.login.code.store'))
        .withSession(challengeFor(account.id))
        .form({ code: first })
        .withCsrfToken()
      assert.include(old.text(), '認証コードが正しくありません')
    }
    for (let i = 0; i < 2; i++) {
      await client
        .post(route('public.login.code.resend'))
        .withSession(challengeFor(account.id))
        .withCsrfToken()
    }
    assert.lengthOf(mails.sent(), 4)
    // The count is the account's, not the session's: a session copied from before does not reset it.
    const limit = await client
      .post(route('public.login.code.resend'))
      .withSession(challengeFor(account.id))
      .withCsrfToken()
    assert.include(limit.text(), '再送信は3回まで')
    assert.lengthOf(mails.sent(), 4)
  })

  test('eight simultaneous resends send three codes', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    await Promise.all(
      Array.from({ length: 8 }, () =>
        client
          .post(route('public.login.code.resend'))
          .withSession(challengeFor(account.id))
          .withCsrfToken()
          .redirects(0)
      )
    )
    assert.lengthOf(mails.sent(), 3)
  })

  test('wrong codes across several log-ins are limited per account', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    for (let i = 0; i < RATE_LIMITS.loginCodeFailuresPerAccount.requests; i++) {
      if (i % LOGIN_CODE_TRIES === 0) {
        await client
          .post(route('public.login.store'))
          .form({ email: 'device@example.jp', password: PASSWORD })
          .withCsrfToken()
      }
      const { code } = await lastSent(mails, LoginCodeMail)
      await client
        .post(route('public.login.code.store'))
        .withSession(challengeFor(account.id))
        .form({ code: code === '000000' ? '111111' : '000000' })
        .withCsrfToken()
    }
    await client
      .post(route('public.login.store'))
      .form({ email: 'device@example.jp', password: PASSWORD })
      .withCsrfToken()
    const { code: right } = await lastSent(mails, LoginCodeMail)
    const response = await client
      .post(route('public.login.code.store'))
      .withSession(challengeFor(account.id))
      .form({ code: right })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.login.show'))
    assert.notProperty(response.session(), 'auth_member')
    response.assertFlashMessage(
      'error',
      '試行回数が上限に達しました。60分ほど待ってから、もう一度お試しください。'
    )
  })
})
