import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import MemberAccount from '#models/member_account'
import OneTimeToken from '#models/one_time_token'
import { createRegisteredMember } from '#database/factories/member_factory'
import { verifyPassword } from '#domain/auth/passwords'
import PasswordChangedMail from '#mails/password_changed_mail'
import EmailChangeConfirmMail from '#mails/email_change_confirm_mail'
import EmailChangedMail from '#mails/email_changed_mail'
import { lastSent, pathOf } from '#tests/helpers/mails'
import { asMember } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { ConfirmPasswordProps, EmailChangeProps } from '#presenters/member/credentials'
import { route } from '#tests/helpers/routes'
import { ACCOUNT_LOCK, RATE_LIMITS } from '#domain/auth/rate_limits'

const PASSWORD = 'current secret phrase'
const NEW_PASSWORD = 'a brand new phrase'
const STALE = () => Date.now() - 20 * 60 * 1000

async function member(email = 'member@example.jp') {
  const { account } = await createRegisteredMember({ email, password: PASSWORD })
  return account
}

test.group('Re-entering the password (recentPassword middleware)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('not logged in: the credential pages send to the log-in page', async ({ client }) => {
    for (const url of [
      route('member.password.edit'),
      route('member.email.edit'),
      route('member.confirm_password.show'),
      route('member.security'),
    ]) {
      const response = await client.get(url).redirects(0)
      response.assertHeader('location', route('public.login.show'))
    }
    for (const url of [
      route('member.password.update'),
      route('member.email.update'),
      route('member.security.sign_out_others'),
    ]) {
      const response = await client.post(url).withCsrfToken().redirects(0)
      response.assertHeader('location', route('public.login.show'))
    }
  })

  test('a log-in within 15 minutes passes', async ({ client }) => {
    const account = await member()
    const response = await asMember(
      client.get(route('member.password.edit')).withInertia(),
      account,
      Date.now() - 14 * 60 * 1000
    )
    response.assertStatus(200)
    response.assertInertiaComponent('member/password')
  })

  test('an older log-in: a GET goes to the confirm page and comes back to the same path', async ({
    client,
    assert,
  }) => {
    const account = await member()
    const response = await asMember(
      client.get(`${route('member.email.edit')}?from=profile`),
      account,
      STALE()
    ).redirects(0)
    response.assertStatus(302)
    assert.equal(
      response.header('location'),
      `${route('member.confirm_password.show')}?next=${encodeURIComponent(`${route('member.email.edit')}?from=profile`)}`
    )
  })

  test('an older log-in: a POST goes to the confirm page and back to the referring form', async ({
    client,
    assert,
  }) => {
    const account = await member()
    const response = await asMember(client.post(route('member.email.update')), account, STALE())
      .form({ email: 'new@example.jp' })
      .withCsrfToken()
      .header('referer', `http://localhost:${process.env.PORT}/mypage/email`)
      .redirects(0)
    assert.equal(
      response.header('location'),
      `${route('member.confirm_password.show')}?next=${encodeURIComponent(route('member.email.edit'))}`
    )
    await account.refresh()
    assert.isNull(account.pendingEmail)
  })

  test('a referer on another host is not used as the way back', async ({ client, assert }) => {
    const account = await member()
    const response = await asMember(client.post(route('member.password.update')), account, STALE())
      .withCsrfToken()
      .header('referer', 'https://evil.example/mypage/password')
      .redirects(0)
    assert.equal(response.header('location'), route('member.confirm_password.show'))
  })

  test('the right password sets the confirmation time and returns to next', async ({
    client,
    assert,
  }) => {
    const account = await member()
    const page = await asMember(
      client.get(`${route('member.confirm_password.show')}?next=/mypage/email`).withInertia(),
      account,
      STALE()
    )
    page.assertInertiaComponent('member/confirm_password')
    assert.equal(inertiaProps<ConfirmPasswordProps>(page).next, route('member.email.edit'))

    const response = await asMember(
      client.post(route('member.confirm_password.store')),
      account,
      STALE()
    )
      .form({ password: PASSWORD, next: route('member.email.edit') })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.email.edit'))
    const confirmedAt = Number(response.session().member_password_confirmed_at)
    assert.closeTo(confirmedAt, Date.now(), 5000)

    const after = await asMember(client.get(route('member.email.edit')), account, STALE())
      .withSession({ member_password_confirmed_at: confirmedAt })
      .redirects(0)
    after.assertStatus(200)
  })

  test('next cannot point to another site', async ({ client }) => {
    const account = await member()
    const response = await asMember(
      client.post(route('member.confirm_password.store')),
      account,
      STALE()
    )
      .form({ password: PASSWORD, next: '//evil.example/x' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.home'))
  })

  test('a wrong password is refused and counted like a log-in failure', async ({
    client,
    assert,
  }) => {
    const account = await member()
    const response = await asMember(
      client.post(route('member.confirm_password.store')),
      account,
      STALE()
    )
      .form({ password: 'not my password', next: route('member.email.edit') })
      .withCsrfToken()
      .redirects(0)
    assert.equal(
      response.header('location'),
      `${route('member.confirm_password.show')}?next=${encodeURIComponent(route('member.email.edit'))}`
    )
    assert.isUndefined(response.session().member_password_confirmed_at)
    await account.refresh()
    assert.equal(account.failedLoginCount, 1)
  })

  test('repeated wrong passwords are throttled', async ({ client, assert }) => {
    const account = await member()
    for (let i = 0; i < RATE_LIMITS.passwordLoginPerAccount.requests; i++) {
      await asMember(client.post(route('member.confirm_password.store')), account, STALE())
        .form({ password: 'not my password' })
        .withCsrfToken()
    }
    const response = await asMember(
      client.post(route('member.confirm_password.store')),
      account,
      STALE()
    )
      .form({ password: PASSWORD })
      .withCsrfToken()
    assert.include(response.text(), '試行回数が上限に達しました')
  })
})

test.group('Re-entering the password / lock', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('the failure that reaches the lock limit locks the account and logs out', async ({
    client,
    assert,
  }) => {
    const account = await member()
    account.failedLoginCount = ACCOUNT_LOCK.consecutiveFailures - 1
    await account.save()
    const response = await asMember(
      client.post(route('member.confirm_password.store')),
      account,
      STALE()
    )
      .form({ password: 'not my password' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.login.show'))
    assert.notProperty(response.session(), 'member_login_at')
    await account.refresh()
    assert.isNotNull(account.lockedUntil)
  })
})

test.group('Password change', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('with the current password: changed, other sessions end, this one stays, a mail is sent', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const account = await member()
    const versionBefore = account.sessionVersion
    const response = await asMember(client.post(route('member.password.update')), account)
      .form({
        currentPassword: PASSWORD,
        password: NEW_PASSWORD,
        password_confirmation: NEW_PASSWORD,
      })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.password.edit'))
    response.assertSession('member_session_version', versionBefore + 1)
    response.assertFlashMessage(
      'success',
      'パスワードを変更しました。ほかの端末でのログインは、すべてログアウトされました。'
    )

    const fresh = await MemberAccount.findOrFail(account.id)
    assert.isTrue(await verifyPassword(fresh.password, NEW_PASSWORD))
    assert.equal(fresh.sessionVersion, versionBefore + 1)
    const passwordChangedMail = await lastSent(mails, PasswordChangedMail)
    assert.equal(passwordChangedMail.recipient, 'member@example.jp')

    const other = await client
      .get(route('member.home'))
      .withGuard('member')
      .loginAs(fresh)
      .withSession({ member_login_at: Date.now(), member_session_version: versionBefore })
      .redirects(0)
    other.assertHeader('location', route('public.login.show'))
  })

  test('a wrong current password is refused next to its field, nothing changes', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const account = await member()
    const response = await asMember(client.post(route('member.password.update')), account)
      .form({
        currentPassword: 'wrong one',
        password: NEW_PASSWORD,
        password_confirmation: NEW_PASSWORD,
      })
      .withCsrfToken()
    assert.include(response.text(), '現在のパスワードが正しくありません')
    await account.refresh()
    assert.isTrue(await verifyPassword(account.password, PASSWORD))
    assert.lengthOf(mails.sent(), 0)
  })

  test('a new password breaking the rules is refused with the reason', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const account = await member('yamada.hanako@example.jp')
    const response = await asMember(client.post(route('member.password.update')), account)
      .form({
        currentPassword: PASSWORD,
        password: 'i am yamada.hanako',
        password_confirmation: 'i am yamada.hanako',
      })
      .withCsrfToken()
    assert.include(response.text(), 'メールアドレスを含めることはできません')
    await account.refresh()
    assert.isTrue(await verifyPassword(account.password, PASSWORD))
  })

  test('empty fields and a wrong confirmation get Japanese messages', async ({
    client,
    assert,
  }) => {
    const account = await member()
    const response = await asMember(client.post(route('member.password.update')), account)
      .form({ currentPassword: '', password: NEW_PASSWORD, password_confirmation: 'different' })
      .withCsrfToken()
      .header('referer', route('member.password.edit'))
    assert.include(response.text(), '現在のパスワードを入力してください')
    assert.include(response.text(), '一致しません')
  })
})

test.group('E-mail change', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('the page shows the current address', async ({ client, assert }) => {
    const account = await member()
    const response = await asMember(client.get(route('member.email.edit')).withInertia(), account)
    response.assertInertiaComponent('member/email')
    assert.equal(inertiaProps<EmailChangeProps>(response).currentEmail, 'member@example.jp')
  })

  test('a new address gets a 24-hour link; confirming it changes the address and tells the old one', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const account = await member()
    const response = await asMember(client.post(route('member.email.update')), account)
      .form({ email: 'New.Address@example.jp' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.email.edit'))
    await account.refresh()
    assert.equal(account.pendingEmail, 'new.address@example.jp')
    assert.equal(account.email, 'member@example.jp')

    const confirm = await lastSent(mails, EmailChangeConfirmMail)
    assert.equal(confirm.recipient, 'new.address@example.jp')
    const token = await OneTimeToken.query().where('purpose', 'email_change').firstOrFail()
    assert.notInclude(confirm.url, token.tokenHash)
    assert.isAbove(token.expiresAt.diff(DateTime.utc(), 'hours').hours, 23.9)

    const done = await client.get(pathOf(confirm.url))
    done.assertStatus(200)
    assert.include(done.text(), 'メールアドレスを変更しました')
    await account.refresh()
    assert.equal(account.email, 'new.address@example.jp')
    assert.isNull(account.pendingEmail)
    const notice = await lastSent(mails, EmailChangedMail)
    assert.equal(notice.recipient, 'member@example.jp')
    assert.equal(notice.newEmail, 'new.address@example.jp')

    const again = await client.get(pathOf(confirm.url))
    again.assertStatus(410)
    assert.include(again.text(), 'すでに使用されたか')
  })

  test('an expired e-mail change link is refused', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const account = await member()
    await asMember(client.post(route('member.email.update')), account)
      .form({ email: 'late@example.jp' })
      .withCsrfToken()
    await OneTimeToken.query()
      .where('member_account_id', account.id)
      .update({ expires_at: DateTime.utc().minus({ minutes: 1 }).toFormat('yyyy-LL-dd HH:mm:ss') })
    const emailChangeConfirmMail = await lastSent(mails, EmailChangeConfirmMail)
    const response = await client.get(pathOf(emailChangeConfirmMail.url))
    response.assertStatus(410)
    assert.include(response.text(), '有効期限が切れています')
    await account.refresh()
    assert.equal(account.email, 'member@example.jp')
  })

  test('an address used by another account, the same address or a malformed one is refused', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    await member('other@example.jp')
    const account = await member()
    const taken = await asMember(client.post(route('member.email.update')), account)
      .form({ email: 'OTHER@example.jp' })
      .withCsrfToken()
    assert.include(taken.text(), 'ほかの組合員のログインIDとして登録されています')
    const same = await asMember(client.post(route('member.email.update')), account)
      .form({ email: 'member@example.jp' })
      .withCsrfToken()
    assert.include(same.text(), '現在のメールアドレスと同じです')
    const malformed = await asMember(client.post(route('member.email.update')), account)
      .form({ email: 'no-at-sign' })
      .withCsrfToken()
      .header('referer', route('member.email.edit'))
    assert.include(malformed.text(), 'メールアドレスの形式が正しくありません')
    assert.lengthOf(mails.sent(), 0)
    await account.refresh()
    assert.isNull(account.pendingEmail)
  })

  test('confirmation mails are limited per account and hour', async ({ client, assert }) => {
    const { mails } = mail.fake()
    const account = await member()
    for (let i = 0; i < RATE_LIMITS.emailChangePerAccount.requests; i++) {
      await asMember(client.post(route('member.email.update')), account)
        .form({ email: `new${i}@example.jp` })
        .withCsrfToken()
    }
    const response = await asMember(client.post(route('member.email.update')), account)
      .form({ email: 'one-more@example.jp' })
      .withCsrfToken()
    assert.include(response.text(), '試行回数が上限に達しました')
    assert.lengthOf(mails.sent(), RATE_LIMITS.emailChangePerAccount.requests)
  })

  test('an address taken between request and confirmation is refused at the link', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const account = await member()
    await asMember(client.post(route('member.email.update')), account)
      .form({ email: 'race@example.jp' })
      .withCsrfToken()
    await member('race@example.jp')
    const emailChangeConfirmMail = await lastSent(mails, EmailChangeConfirmMail)
    const response = await client.get(pathOf(emailChangeConfirmMail.url))
    response.assertStatus(410)
    await account.refresh()
    assert.equal(account.email, 'member@example.jp')
  })
})
