import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import AuditLog from '#models/audit_log'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { StaffDashboardPageProps } from '#presenters/staff/dashboard'
import { route } from '#tests/helpers/routes'

test.group('Staff log-in and dashboard', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  for (const role of ['operator', 'clerk', 'admin'] as const) {
    test(`a ${role} logs in with staff id and password`, async ({ client, assert }) => {
      const staff = await StaffUserFactory.apply(role)
        .merge({ loginId: `desk-${role}`, password: 'staff password 1' })
        .create()
      const response = await client
        .post(route('staff.login.store'))
        .form({ loginId: `Desk-${role}`, password: 'staff password 1' })
        .withCsrfToken()
        .redirects(0)
      response.assertHeader('location', route('staff.dashboard'))
      const entry = await AuditLog.query().where('action', 'staff.login').firstOrFail()
      assert.equal(entry.staffUserId, staff.id)
      assert.equal(entry.outcome, 'success')
    })
  }

  test('a wrong password is refused in Japanese and logged', async ({ client, assert }) => {
    await StaffUserFactory.merge({ loginId: 'desk1', password: 'staff password 1' }).create()
    const response = await client
      .post(route('staff.login.store'))
      .form({ loginId: 'desk1', password: 'nope' })
      .withCsrfToken()
    assert.include(response.text(), '職員IDまたはパスワードが正しくありません')
    const entry = await AuditLog.query().where('action', 'staff.login').firstOrFail()
    assert.equal(entry.outcome, 'failure')
  })

  test('a member e-mail and password do not open the staff area', async ({ client, assert }) => {
    await MemberFactory.with('account', 1, (account) =>
      account
        .apply('registered')
        .merge({ email: 'member@example.jp', password: 'member password 1' })
    ).create()
    const response = await client
      .post(route('staff.login.store'))
      .form({ loginId: 'member@example.jp', password: 'member password 1' })
      .withCsrfToken()
    assert.include(response.text(), '職員IDまたはパスワードが正しくありません')
  })

  test('a deactivated staff account is refused', async ({ client, assert }) => {
    await StaffUserFactory.apply('inactive')
      .merge({ loginId: 'gone', password: 'staff password 1' })
      .create()
    const response = await client
      .post(route('staff.login.store'))
      .form({ loginId: 'gone', password: 'staff password 1' })
      .withCsrfToken()
    assert.include(response.text(), 'このアカウントは利用停止されています')
  })

  test('the dashboard counts members, registrations, requests, inquiries and locks', async ({
    client,
    assert,
  }) => {
    const staff = await StaffUserFactory.apply('operator').create()
    await MemberFactory.with('account', 1, (account) => account.apply('registered')).createMany(3)
    await MemberFactory.with('account', 1, (account) => account.apply('unregistered')).create()
    await MemberFactory.with('account', 1, (account) => account.apply('locked')).create()
    await MemberFactory.apply('withdrawn')
      .with('account', 1, (account) => account.apply('registered'))
      .create()

    const response = await asStaff(client.get(route('staff.dashboard')), staff).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('staff/dashboard')
    const props = inertiaProps<StaffDashboardPageProps>(response)
    assert.equal(props.members.total, 6)
    assert.equal(props.members.withAccess, 5)
    assert.equal(props.members.registered, 4)
    assert.equal(props.members.registrationRate, '80.0%')
    assert.equal(props.lockedAccounts, 1)
  })

  test('staff log-out is logged and returns to the staff log-in', async ({ client, assert }) => {
    const staff = await StaffUserFactory.create()
    const response = await asStaff(client.post(route('staff.logout')), staff)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.login.show'))
    assert.exists(await AuditLog.query().where('action', 'staff.logout').first())
  })
})
