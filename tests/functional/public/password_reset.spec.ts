import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import OneTimeToken from '#models/one_time_token'
import { createRegisteredMember } from '#database/factories/member_factory'
import { verifyPassword } from '#domain/auth/passwords'
import PasswordResetMail from '#mails/password_reset_mail'
import PasswordChangedMail from '#mails/password_changed_mail'
import { allMails, lastSent, pathOf } from '#tests/helpers/mails'
import { asMember } from '#tests/helpers/sessions'
import { route } from '#tests/helpers/routes'
import { RATE_LIMITS } from '#domain/auth/rate_limits'

const NEW_PASSWORD = 'green tea in the morning'
const SENT_PAGE = 'パスワードリセットを受け付けました'

async function member(email = 'reset@example.jp') {
  return createRegisteredMember({
    email,
    member: { birthDate: DateTime.fromISO('1975-08-20'), memberNumber: '7654321' },
  })
}

function requestForm(overrides: Record<string, string> = {}) {
  return { memberNumber: '7654321', email: 'reset@example.jp', birthDate: '19750820', ...overrides }
}

async function requestLink(client: any, mails: any) {
  await client.post(route('public.password.request')).form(requestForm()).withCsrfToken()
  const passwordResetMail = await lastSent(mails, PasswordResetMail)
  return pathOf(passwordResetMail.url)
}

test.group('Password reset / request', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('the page has the required fields and the 「パスワードリセット」 button', async ({
    client,
    assert,
  }) => {
    const response = await client.get(route('public.password.forgot'))
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, '<label for="field-memberNumber">組合員番号')
    assert.include(html, '<label for="field-email">登録メールアドレス')
    assert.include(html, '<label for="field-birthDate">生年月日')
    assert.match(html, /<button[^>]*type="submit"[^>]*>\s*パスワードリセット\s*</)
    assert.include(html, `href="${route('public.forgot_email')}"`)
  })

  test('matching details mail a one-time URL valid for 60 minutes, stored hashed', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    const response = await client
      .post(route('public.password.request'))
      .form(
        requestForm({
          email: 'RESET@example.jp',
          birthDate: '1975/8/20',
          memberNumber: '７６５４３２１',
        })
      )
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.password.sent'))
    const sent = await lastSent(mails, PasswordResetMail)
    assert.equal(sent.recipient, 'reset@example.jp')
    const token = await OneTimeToken.query().where('purpose', 'password_reset').firstOrFail()
    assert.equal(token.memberAccountId, account.id)
    assert.notInclude(sent.url, token.tokenHash)
    const minutes = token.expiresAt.diff(DateTime.utc(), 'minutes').minutes
    assert.isAbove(minutes, 59)
    assert.isAtMost(minutes, 60)
    sent.message.assertTextIncludes('（60分間）で、一度だけ使えます。')
    sent.message.assertHtmlIncludes('（60分間）で、一度だけ使えます。')
  })

  test('the answer is the same whether or not the details match an account', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    await member()
    const cases = [
      requestForm({ email: 'nobody@example.jp' }),
      requestForm({ memberNumber: '1111111' }),
      requestForm({ birthDate: '19750821' }),
    ]
    for (const form of cases) {
      const response = await client
        .post(route('public.password.request'))
        .form(form)
        .withCsrfToken()
        .redirects(0)
      response.assertHeader('location', route('public.password.sent'))
    }
    const page = await client.get(route('public.password.sent'))
    assert.include(page.text(), SENT_PAGE)
    assert.lengthOf(await allMails(mails), 0)
    assert.lengthOf(await OneTimeToken.all(), 0)
    const failures = await AuditLog.query().where('action', 'member.password_reset.request')
    assert.lengthOf(failures, 3)
  })

  test('bad input of each field gets a Japanese message and sends nothing', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    await member()
    const empty = await client
      .post(route('public.password.request'))
      .form({ memberNumber: '', email: '', birthDate: '' })
      .withCsrfToken()
      .header('referer', route('public.password.forgot'))
    assert.include(empty.text(), '組合員番号を入力してください')
    assert.include(empty.text(), 'メールアドレスを入力してください')
    assert.include(empty.text(), '生年月日を入力してください')
    const badEmail = await client
      .post(route('public.password.request'))
      .form(requestForm({ email: 'reset-at-example' }))
      .withCsrfToken()
      .header('referer', route('public.password.forgot'))
    assert.include(badEmail.text(), 'メールアドレスの形式が正しくありません')
    const badDate = await client
      .post(route('public.password.request'))
      .form(requestForm({ birthDate: '1975-02-30' }))
      .withCsrfToken()
    assert.include(
      badDate.text(),
      '生年月日を正しく入力してください（例：1980年4月1日生まれの方は 19800401、1980/4/1、昭和55年4月1日 のいずれか）。'
    )
    assert.include(badDate.text(), 'value="reset@example.jp"')
    assert.lengthOf(await allMails(mails), 0)
  })

  test('the birth date may be given in 和暦 or with full-width digits, as the phone desk accepts', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    await member()
    for (const birthDate of ['昭和50年8月20日', 'S50.8.20', '１９７５／８／２０']) {
      await client
        .post(route('public.password.request'))
        .form(requestForm({ birthDate }))
        .withCsrfToken()
    }
    assert.lengthOf(await allMails(mails), 3)
    // 昭和50年8月21日 is another day: no mail, the same answer.
    const wrong = await client
      .post(route('public.password.request'))
      .form(requestForm({ birthDate: '昭和50年8月21日' }))
      .withCsrfToken()
      .redirects(0)
    assert.equal(wrong.status(), 302)
    assert.lengthOf(await allMails(mails), 3)
  })

  test('requests are throttled per e-mail address', async ({ client, assert }) => {
    const { mails } = mail.fake()
    await member()
    for (let i = 0; i < RATE_LIMITS.passwordResetPerEmail.requests; i++) {
      await client.post(route('public.password.request')).form(requestForm()).withCsrfToken()
    }
    const response = await client
      .post(route('public.password.request'))
      .form(requestForm())
      .withCsrfToken()
    assert.include(response.text(), '試行回数が上限に達しました')
    assert.lengthOf(await allMails(mails), RATE_LIMITS.passwordResetPerEmail.requests)
  })

  test('requests are throttled per IP address across e-mail addresses', async ({
    client,
    assert,
  }) => {
    mail.fake()
    for (let i = 0; i < RATE_LIMITS.passwordResetPerAddress.requests; i++) {
      await client
        .post(route('public.password.request'))
        .form(requestForm({ email: `someone${i}@example.jp` }))
        .withCsrfToken()
    }
    const response = await client
      .post(route('public.password.request'))
      .form(requestForm({ email: 'another@example.jp' }))
      .withCsrfToken()
    assert.include(response.text(), '試行回数が上限に達しました')
  })

  test('a logged-in member is sent to the member home', async ({ client }) => {
    const { account } = await member()
    const response = await asMember(client.get(route('public.password.forgot')), account).redirects(
      0
    )
    response.assertHeader('location', route('member.home'))
  })
})

test.group('Password reset / new password', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('the link shows the new-password form', async ({ client, assert }) => {
    const { mails } = mail.fake()
    await member()
    const link = await requestLink(client, mails)
    const response = await client.get(link)
    response.assertStatus(200)
    assert.include(response.text(), '新しいパスワードの登録')
    assert.match(response.text(), new RegExp(`<form method="post" action="${link}"`))
  })

  test('a new password is set, other sessions end, the account is unlocked, a mail tells the member', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    account.lockedUntil = DateTime.utc().plus({ minutes: 20 })
    account.failedLoginCount = 3
    await account.save()
    const versionBefore = account.sessionVersion
    const link = await requestLink(client, mails)

    const response = await client
      .post(link)
      .form({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.login.show'))

    await account.refresh()
    assert.isTrue(await verifyPassword(account.password, NEW_PASSWORD))
    assert.equal(account.sessionVersion, versionBefore + 1)
    assert.isNull(account.lockedUntil)
    assert.equal(account.failedLoginCount, 0)
    const passwordChangedMail = await lastSent(mails, PasswordChangedMail)
    assert.equal(passwordChangedMail.recipient, 'reset@example.jp')

    // An old session of this account is now revoked.
    const old = await client
      .get(route('member.home'))
      .withGuard('member')
      .loginAs(account)
      .withSession({ member_login_at: Date.now(), member_session_version: versionBefore })
      .redirects(0)
    old.assertHeader('location', route('public.login.show'))
  })

  test('the link works once', async ({ client, assert }) => {
    const { mails } = mail.fake()
    await member()
    const link = await requestLink(client, mails)
    await client
      .post(link)
      .form({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .withCsrfToken()
    const again = await client.get(link)
    again.assertStatus(410)
    assert.include(again.text(), 'すでに使用されたか')
    const post = await client
      .post(link)
      .form({ password: 'another fine password', password_confirmation: 'another fine password' })
      .withCsrfToken()
    post.assertStatus(410)
  })

  test('an expired link (over 60 minutes) is refused with what to do', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    const link = await requestLink(client, mails)
    await OneTimeToken.query()
      .where('member_account_id', account.id)
      .update({ expires_at: DateTime.utc().minus({ seconds: 1 }).toFormat('yyyy-LL-dd HH:mm:ss') })
    const response = await client.get(link)
    response.assertStatus(410)
    assert.include(response.text(), '有効期限が切れています')
    assert.include(response.text(), 'パスワードリセットをやり直す')
    const post = await client
      .post(link)
      .form({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .withCsrfToken()
    post.assertStatus(410)
    await account.refresh()
    assert.isFalse(await verifyPassword(account.password, NEW_PASSWORD))
  })

  test('a newer request makes the older link unusable', async ({ client }) => {
    const { mails } = mail.fake()
    await member()
    const first = await requestLink(client, mails)
    await requestLink(client, mails)
    const response = await client.get(first)
    response.assertStatus(410)
  })

  test('a made-up token is a 404', async ({ client }) => {
    const response = await client.get(
      route('public.password.edit', { token: 'not-a-real-token-value-at-all' })
    )
    response.assertStatus(404)
  })

  test('a weak or unconfirmed new password is refused and the link stays usable', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await member()
    const link = await requestLink(client, mails)
    const weak = await client
      .post(link)
      .form({ password: 'pass 7654321 word', password_confirmation: 'pass 7654321 word' })
      .withCsrfToken()
    assert.include(weak.text(), '組合員番号を含めることはできません')
    const mismatch = await client
      .post(link)
      .form({ password: NEW_PASSWORD, password_confirmation: 'something else' })
      .withCsrfToken()
      .header('referer', link)
    assert.include(mismatch.text(), '一致しません')
    const empty = await client
      .post(link)
      .form({ password: '', password_confirmation: '' })
      .withCsrfToken()
      .header('referer', link)
    assert.include(empty.text(), 'パスワードを入力してください')
    const versionBefore = account.sessionVersion
    await account.refresh()
    assert.equal(account.sessionVersion, versionBefore)
    const ok = await client
      .post(link)
      .form({ password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    ok.assertHeader('location', route('public.login.show'))
  })
})

test.group('Log-in page links', () => {
  test('the log-in page links to password reset, forgotten e-mail and registration', async ({
    client,
    assert,
  }) => {
    const response = await client.get(route('public.login.show'))
    const html = response.text()
    assert.include(html, `href="${route('public.password.forgot')}"`)
    assert.include(html, 'パスワードをお忘れの方')
    assert.include(html, `href="${route('public.forgot_email')}"`)
    assert.include(html, `href="${route('public.register.show')}"`)
  })
})
