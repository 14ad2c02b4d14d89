import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import MemberAccount from '#models/member_account'
import OneTimeToken from '#models/one_time_token'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { currentInitialPassword } from '#domain/auth/initial_passwords'
import { resendRegistrationMail } from '#domain/members/registration'
import RegistrationConfirmMail from '#mails/registration_confirm_mail'
import RegistrationCompleteMail from '#mails/registration_complete_mail'
import { lastSent, pathOf } from '#tests/helpers/mails'
import { asMember } from '#tests/helpers/sessions'
import { route } from '#tests/helpers/routes'
import { RATE_LIMITS } from '#domain/auth/rate_limits'

const NEW_PASSWORD = 'blue umbrella on sunday'
const INVALID_GUIDE = '組合員番号または初期パスワードが正しくありません'

function verifiedSession(accountId: number, verifiedAt = Date.now()) {
  return { registration_account_id: accountId, registration_verified_at: verifiedAt }
}

async function statusOf(request: Promise<{ status(): number }>) {
  const response = await request
  return response.status()
}

async function pendingRegistration(email = 'new@example.jp') {
  const { member, initialPassword } = await createUnregisteredMember()
  const account = await MemberAccount.findByOrFail('member_id', member.id)
  const { mails } = mail.fake()
  const { startRegistration } = await import('#domain/members/registration')
  await startRegistration({
    accountId: account.id,
    email,
    password: NEW_PASSWORD,
    origin: { ip: '127.0.0.1', userAgent: null },
  })
  const sent = await lastSent(mails, RegistrationConfirmMail)
  return { member, account, initialPassword, mails, link: pathOf(sent.url) }
}

test.group('Log-in registration / step 1: guide letter', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('the registration page is a real form with the two guide-letter fields', async ({
    client,
    assert,
  }) => {
    const response = await client.get(route('public.register.show'))
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, `<form method="post" action="${route('public.register.verify')}"`)
    assert.include(html, '<label for="field-memberNumber">組合員番号')
    assert.include(html, '<label for="field-initialPassword">初期パスワード')
    assert.include(html, '0776-23-1889')
  })

  test('the right member number and initial password lead to step 2, kept in the session', async ({
    client,
    assert,
  }) => {
    const { member, initialPassword } = await createUnregisteredMember()
    const response = await client
      .post(route('public.register.verify'))
      .form({
        memberNumber: ` ${member.memberNumber} `,
        initialPassword: initialPassword.toLowerCase(),
      })
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('public.register.account'))
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    response.assertSession('registration_account_id', account.id)
    const entry = await AuditLog.query().where('action', 'member.registration.verify').firstOrFail()
    assert.equal(entry.outcome, 'success')
    assert.notInclude(entry.detailsJson ?? '', initialPassword)
  })

  test('full-width digits and a hyphenated initial password are accepted', async ({ client }) => {
    const { member, initialPassword } = await createUnregisteredMember()
    const fullWidth = member.memberNumber.replace(/\d/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0)
    )
    const response = await client
      .post(route('public.register.verify'))
      .form({
        memberNumber: fullWidth,
        initialPassword: `${initialPassword.slice(0, 4)}-${initialPassword.slice(4)}`,
      })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.register.account'))
  })

  test('an unknown number and a wrong initial password get the same message', async ({
    client,
    assert,
  }) => {
    const { member } = await createUnregisteredMember()
    const wrong = await client
      .post(route('public.register.verify'))
      .form({ memberNumber: member.memberNumber, initialPassword: 'WRONG999' })
      .withCsrfToken()
    const unknown = await client
      .post(route('public.register.verify'))
      .form({ memberNumber: '9999999', initialPassword: 'WRONG999' })
      .withCsrfToken()
    assert.include(wrong.text(), INVALID_GUIDE)
    assert.include(unknown.text(), INVALID_GUIDE)
    // The number comes back; the initial password does not.
    assert.include(wrong.text(), `value="${member.memberNumber}"`)
    assert.notInclude(wrong.text(), 'WRONG999')
  })

  test('empty fields get a Japanese message next to each field', async ({ client, assert }) => {
    const response = await client
      .post(route('public.register.verify'))
      .form({ memberNumber: '', initialPassword: '' })
      .withCsrfToken()
      .header('referer', route('public.register.show'))
    assert.include(response.text(), '組合員番号を入力してください')
    assert.include(response.text(), '初期パスワードを入力してください')
  })

  test('an already registered member who types the last initial password is told to log in', async ({
    client,
    assert,
  }) => {
    const { link, initialPassword, member } = await pendingRegistration()
    await client.get(link)
    const response = await client
      .post(route('public.register.verify'))
      .form({ memberNumber: member.memberNumber, initialPassword })
      .withCsrfToken()
    assert.include(response.text(), 'すでにログイン登録が完了しています')
    assert.include(response.text(), 'パスワードをお忘れの方')
  })

  test('a registered member with a wrong initial password gets the generic message', async ({
    client,
    assert,
  }) => {
    const { member } = await createRegisteredMember()
    const response = await client
      .post(route('public.register.verify'))
      .form({ memberNumber: member.memberNumber, initialPassword: 'ABCD2345' })
      .withCsrfToken()
    assert.include(response.text(), INVALID_GUIDE)
    assert.notInclude(response.text(), 'すでにログイン登録')
  })

  test('a withdrawn member cannot register', async ({ client, assert }) => {
    const { member, initialPassword } = await createUnregisteredMember({ states: ['withdrawn'] })
    const response = await client
      .post(route('public.register.verify'))
      .form({ memberNumber: member.memberNumber, initialPassword })
      .withCsrfToken()
    assert.include(response.text(), '脱退に伴い')
  })

  test('guessing is throttled per member number, even with the right password afterwards', async ({
    client,
    assert,
  }) => {
    const { member, initialPassword } = await createUnregisteredMember()
    for (let i = 0; i < RATE_LIMITS.guideLetterPerMemberNumber.requests; i++) {
      await client
        .post(route('public.register.verify'))
        .form({ memberNumber: member.memberNumber, initialPassword: 'WRONG999' })
        .withCsrfToken()
    }
    const response = await client
      .post(route('public.register.verify'))
      .form({ memberNumber: member.memberNumber, initialPassword })
      .withCsrfToken()
    assert.include(response.text(), '試行回数が上限に達しました')
    assert.notInclude(response.text(), '確認できました')
  })

  test('guessing many numbers from one address is throttled per IP', async ({ client, assert }) => {
    for (let i = 0; i < 20; i++) {
      await client
        .post(route('public.register.verify'))
        .form({ memberNumber: String(9000000 + i), initialPassword: 'WRONG999' })
        .withCsrfToken()
    }
    const { member, initialPassword } = await createUnregisteredMember()
    const response = await client
      .post(route('public.register.verify'))
      .form({ memberNumber: member.memberNumber, initialPassword })
      .withCsrfToken()
    assert.include(response.text(), '試行回数が上限に達しました')
  })

  test('a logged-in member is sent to the member home', async ({ client }) => {
    const { account } = await createRegisteredMember()
    const response = await asMember(client.get(route('public.register.show')), account).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('member.home'))
  })
})

test.group('Log-in registration / step 2: e-mail and password', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('without a verified member in the session, step 2 sends back to step 1', async ({
    client,
    assert,
  }) => {
    const response = await client.get(route('public.register.account')).redirects(0)
    response.assertHeader('location', route('public.register.show'))
    const post = await client
      .post(route('public.register.store_account'))
      .form({ email: 'a@example.jp', password: NEW_PASSWORD, password_confirmation: NEW_PASSWORD })
      .withCsrfToken()
    assert.include(post.text(), '組合員番号と初期パスワードの確認から')
  })

  test('a verification older than 30 minutes has to be repeated', async ({ client }) => {
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const response = await client
      .get(route('public.register.account'))
      .withSession(verifiedSession(account.id, Date.now() - 31 * 60 * 1000))
      .redirects(0)
    response.assertHeader('location', route('public.register.show'))
  })

  test('e-mail + password make the account pending and mail a hashed, 24-hour link', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const page = await client
      .get(route('public.register.account'))
      .withSession(verifiedSession(account.id))
    page.assertStatus(200)
    assert.include(page.text(), '<label for="field-password_confirmation">新しいパスワード（確認）')

    const response = await client
      .post(route('public.register.store_account'))
      .withSession(verifiedSession(account.id))
      .form({
        email: 'Taro@Example.jp',
        password: NEW_PASSWORD,
        password_confirmation: NEW_PASSWORD,
      })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.register.sent'))

    await account.refresh()
    assert.equal(account.registrationState, 'pending')
    assert.equal(account.pendingEmail, 'taro@example.jp')
    assert.isNull(account.email)
    assert.notEqual(account.password, NEW_PASSWORD)

    const sent = await lastSent(mails, RegistrationConfirmMail)
    assert.equal(sent.recipient, 'taro@example.jp')
    const token = await OneTimeToken.query().where('purpose', 'registration').firstOrFail()
    assert.notInclude(sent.url, token.tokenHash)
    const hours = token.expiresAt.diff(DateTime.utc(), 'hours').hours
    assert.isAbove(hours, 23.9)
    assert.isAtMost(hours, 24)
    // The initial password stays valid until the link is opened.
    assert.isNotNull(await currentInitialPassword(member.id))
  })

  test('the sent page names the address and the mail domain to allow', async ({
    client,
    assert,
  }) => {
    const response = await client
      .get(route('public.register.sent'))
      .withFlashMessages({ registrationEmail: 'taro@example.jp' })
    assert.include(response.text(), 'taro@example.jp')
    assert.include(response.text(), '@kmypage.jp')
  })

  test('a password breaking the rules is refused with the reason, nothing written', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const cases = [
      ['short', '12文字以上'],
      ['qwerty123456', 'よく使われていて'],
      [`my number ${member.memberNumber}`, '組合員番号'],
      [`born ${member.birthDate.toFormat('yyyyMMdd')} ok`, '生年月日'],
      ['hello taro.suzuki hello', 'メールアドレス'],
    ]
    for (const [password, reason] of cases) {
      const response = await client
        .post(route('public.register.store_account'))
        .withSession(verifiedSession(account.id))
        .form({ email: 'taro.suzuki@example.jp', password, password_confirmation: password })
        .withCsrfToken()
      assert.include(response.text(), reason, password)
      assert.include(response.text(), 'value="taro.suzuki@example.jp"')
    }
    await account.refresh()
    assert.equal(account.registrationState, 'unregistered')
    assert.equal(
      await OneTimeToken.query()
        .count('* as total')
        .first()
        .then((r) => Number(r!.$extras.total)),
      0
    )
  })

  test('a bad e-mail and a wrong confirmation are refused next to their fields', async ({
    client,
    assert,
  }) => {
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const response = await client
      .post(route('public.register.store_account'))
      .withSession(verifiedSession(account.id))
      .form({ email: 'not-an-address', password: NEW_PASSWORD, password_confirmation: 'other' })
      .withCsrfToken()
      .header('referer', route('public.register.account'))
    assert.include(response.text(), 'メールアドレスの形式が正しくありません')
    assert.include(response.text(), '確認用に入力したパスワードが一致しません')
  })

  test('an e-mail already used by another account is refused', async ({ client, assert }) => {
    await createRegisteredMember({ email: 'taken@example.jp' })
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const response = await client
      .post(route('public.register.store_account'))
      .withSession(verifiedSession(account.id))
      .form({
        email: 'TAKEN@example.jp',
        password: NEW_PASSWORD,
        password_confirmation: NEW_PASSWORD,
      })
      .withCsrfToken()
    assert.include(response.text(), 'ほかの組合員のログインIDとして登録されています')
    await account.refresh()
    assert.equal(account.registrationState, 'unregistered')
  })
})

test.group('Log-in registration / step 3: the mailed link', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('opening the link completes registration, invalidates the initial password, sends 登録完了メール', async ({
    client,
    assert,
  }) => {
    const { account, member, link, mails } = await pendingRegistration('done@example.jp')
    const response = await client.get(link)
    response.assertStatus(200)
    assert.include(response.text(), 'ログイン登録が完了しました')

    await account.refresh()
    assert.equal(account.registrationState, 'registered')
    assert.equal(account.email, 'done@example.jp')
    assert.isNull(account.pendingEmail)
    assert.isNotNull(account.registeredAt)
    assert.isNull(await currentInitialPassword(member.id))
    const complete = await lastSent(mails, RegistrationCompleteMail)
    assert.equal(complete.recipient, 'done@example.jp')

    const login = await client
      .post(route('public.login.store'))
      .form({ email: 'done@example.jp', password: NEW_PASSWORD })
      .withCsrfToken()
      .redirects(0)
    assert.notEqual(login.header('location'), route('public.login.show'))
  })

  test('a used link gets a clear page saying what to do', async ({ client, assert }) => {
    const { link } = await pendingRegistration()
    await client.get(link)
    const again = await client.get(link)
    again.assertStatus(410)
    assert.include(again.text(), 'すでに使用されたか')
    assert.include(again.text(), 'ログイン登録をやり直す')
  })

  test('an expired link is refused and does not register', async ({ client, assert }) => {
    const { link, account } = await pendingRegistration()
    await OneTimeToken.query()
      .where('member_account_id', account.id)
      .update({ expires_at: DateTime.utc().minus({ minutes: 1 }).toFormat('yyyy-LL-dd HH:mm:ss') })
    const response = await client.get(link)
    response.assertStatus(410)
    assert.include(response.text(), '有効期限が切れています')
    await account.refresh()
    assert.equal(account.registrationState, 'pending')
  })

  test('a made-up link is a 404 with the same kind of explanation', async ({ client, assert }) => {
    const response = await client.get(
      route('public.register.confirm', { token: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })
    )
    response.assertStatus(404)
    assert.include(response.text(), 'URLは正しくありません')
  })

  test('an address taken by someone else in the meantime is refused at the link', async ({
    client,
    assert,
  }) => {
    const { link, account } = await pendingRegistration('race@example.jp')
    await createRegisteredMember({ email: 'race@example.jp' })
    const response = await client.get(link)
    response.assertStatus(410)
    assert.include(response.text(), 'ほかの組合員のログインIDとして登録されている')
    await account.refresh()
    assert.equal(account.registrationState, 'pending')
  })

  test('starting again replaces the older link', async ({ client, assert }) => {
    const { account, link, mails } = await pendingRegistration('first@example.jp')
    const { startRegistration } = await import('#domain/members/registration')
    await startRegistration({
      accountId: account.id,
      email: 'second@example.jp',
      password: NEW_PASSWORD,
      origin: { ip: null, userAgent: null },
    })
    const registrationConfirmMail = await lastSent(mails, RegistrationConfirmMail)
    const newer = pathOf(registrationConfirmMail.url)
    assert.equal(await statusOf(client.get(link)), 410)
    assert.equal(await statusOf(client.get(newer)), 200)
    await account.refresh()
    assert.equal(account.email, 'second@example.jp')
  })

  test('the help page gives the FAQ answer and the domain to allow', async ({ client, assert }) => {
    const response = await client.get(route('public.register.help'))
    response.assertStatus(200)
    const text = response.text()
    assert.include(text, '迷惑メールフォルダ')
    assert.include(text, '@kmypage.jp')
    assert.include(text, '携帯電話事業者')
    assert.include(text, '0776-23-1889')
  })
})

test.group('Log-in registration / resendRegistrationMail (phone desk)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('mails a fresh link to a pending registration; the old link stops working', async ({
    client,
    assert,
  }) => {
    const { member, link, mails } = await pendingRegistration('resend@example.jp')
    const result = await resendRegistrationMail(member.id)
    assert.deepEqual(result, { ok: true, email: 'resend@example.jp' })
    const fresh = await lastSent(mails, RegistrationConfirmMail)
    assert.equal(fresh.recipient, 'resend@example.jp')
    assert.notEqual(pathOf(fresh.url), link)
    assert.equal(await statusOf(client.get(link)), 410)
    assert.equal(await statusOf(client.get(pathOf(fresh.url))), 200)
  })

  test('refuses members who are not pending', async ({ assert }) => {
    const { member } = await createUnregisteredMember()
    const registered = await createRegisteredMember()
    assert.deepEqual(await resendRegistrationMail(member.id), { ok: false, reason: 'not_pending' })
    assert.deepEqual(await resendRegistrationMail(registered.member.id), {
      ok: false,
      reason: 'not_pending',
    })
    assert.deepEqual(await resendRegistrationMail(999999), { ok: false, reason: 'not_pending' })
  })
})
