import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import MemberAccount from '#models/member_account'
import StaffUser from '#models/staff_user'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { currentCode, encryptTotpSecret, newTotpSecret } from '#domain/auth/staff_totp'
import { DEVICE_COOKIE } from '#domain/auth/member_devices'
import { knownDevice } from '#tests/helpers/devices'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { StaffAccountsProps } from '#presenters/staff/staff_accounts'
import { route } from '#tests/helpers/routes'

/** Issue 9, defect 13 d: last_login_at was never written, so every account showed 「—」. */
test.group('Last log-in time', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('a staff log-in writes it and the accounts page shows it', async ({ client, assert }) => {
    const staff = await StaffUserFactory.apply('clerk')
      .merge({ loginId: 'last-login', password: 'staff password 1' })
      .create()
    const before = Date.now() - 1000
    await client
      .post(route('staff.login.store'))
      .form({ loginId: 'last-login', password: 'staff password 1' })
      .withCsrfToken()
      .redirects(0)
    const after = await StaffUser.findOrFail(staff.id)
    assert.isNotNull(after.lastLoginAt)
    assert.isAtLeast(after.lastLoginAt!.toMillis(), before)

    const admin = await StaffUserFactory.apply('admin').create()
    const page = await asStaff(client.get(route('staff.accounts.index')), admin).withInertia()
    const row = inertiaProps<StaffAccountsProps>(page).accounts.find((a) => a.id === staff.id)!
    assert.match(row.lastLoginAt, /^\d{4}年\d{1,2}月\d{1,2}日/)
  })

  test('with two-step, it is written after the code, not after the password', async ({
    client,
    assert,
  }) => {
    const staff = await StaffUserFactory.apply('clerk')
      .merge({ loginId: 'last-totp', password: 'staff password 1' })
      .create()
    const secret = newTotpSecret()
    staff.totpSecretEncrypted = encryptTotpSecret(staff, secret)
    await staff.save()
    await client
      .post(route('staff.login.store'))
      .form({ loginId: 'last-totp', password: 'staff password 1' })
      .withCsrfToken()
      .redirects(0)
    const pending = await StaffUser.findOrFail(staff.id)
    assert.isNull(pending.lastLoginAt)
    await client
      .post(route('staff.login.code.verify'))
      .withSession({ staff_totp_pending: { staffUserId: staff.id, at: Date.now() } })
      .form({ code: currentCode(secret) })
      .withCsrfToken()
      .redirects(0)
    const done = await StaffUser.findOrFail(staff.id)
    assert.isNotNull(done.lastLoginAt)
  })

  test('a member log-in writes it; a wrong password does not', async ({ client, assert }) => {
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'last@example.jp', password: 'correct horse 1' })
    ).create()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const device = await knownDevice(account)
    await client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, device)
      .form({ email: 'last@example.jp', password: 'wrong horse 1' })
      .withCsrfToken()
      .redirects(0)
    const refused = await MemberAccount.findOrFail(account.id)
    assert.isNull(refused.lastLoginAt)
    await client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, device)
      .form({ email: 'last@example.jp', password: 'correct horse 1' })
      .withCsrfToken()
      .redirects(0)
    const loggedIn = await MemberAccount.findOrFail(account.id)
    assert.isNotNull(loggedIn.lastLoginAt)
  })
})
