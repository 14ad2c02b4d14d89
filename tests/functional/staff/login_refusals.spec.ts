import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asStaff } from '#tests/helpers/sessions'
import { route } from '#tests/helpers/routes'
import { RATE_LIMITS } from '#domain/auth/rate_limits'

const PASSWORD = 'staff password 1'

test.group('Staff log-in refusals', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('repeated failures throttle staff log-in too, even with the right password', async ({
    client,
    assert,
  }) => {
    await StaffUserFactory.merge({ loginId: 'desk9', password: PASSWORD }).create()
    for (let i = 0; i < RATE_LIMITS.passwordLoginPerAccount.requests; i++) {
      await client
        .post(route('staff.login.store'))
        .form({ loginId: 'desk9', password: `x${i}` })
        .withCsrfToken()
    }
    const response = await client
      .post(route('staff.login.store'))
      .form({ loginId: 'desk9', password: PASSWORD })
      .withCsrfToken()
    assert.match(response.text(), /ログインの試行回数が上限に達しました/)
    const last = await AuditLog.query()
      .where('action', 'staff.login')
      .orderBy('id', 'desc')
      .firstOrFail()
    assert.equal(JSON.parse(last.detailsJson!).reason, 'throttled')
  })

  test('a locked staff account is refused with the time it reopens', async ({ client, assert }) => {
    await StaffUserFactory.apply('locked')
      .merge({
        loginId: 'locked1',
        password: PASSWORD,
        lockedUntil: DateTime.utc().plus({ minutes: 20 }),
      })
      .create()
    const response = await client
      .post(route('staff.login.store'))
      .form({ loginId: 'locked1', password: PASSWORD })
      .withCsrfToken()
    assert.include(response.text(), 'アカウントを一時的にロックしています')
    assert.include(response.text(), '管理者に連絡してください')
  })

  test('a staff account deactivated while logged in loses its session', async ({
    client,
    assert,
  }) => {
    const staff = await StaffUserFactory.create()
    const request = asStaff(client.get(route('staff.dashboard')), staff)
    staff.isActive = false
    await staff.save()
    const response = await request
    assert.include(response.text(), 'このアカウントは利用停止されています')
  })

  test('a staff session older than the absolute timeout is ended', async ({ client, assert }) => {
    const staff = await StaffUserFactory.create()
    const elevenHoursAgo = Date.now() - 11 * 60 * 60 * 1000
    const response = await asStaff(client.get(route('staff.dashboard')), staff, elevenHoursAgo)
    assert.include(response.text(), '一定時間が経過したため、ログアウトしました')
  })

  test('missing fields get Japanese messages next to the fields', async ({ client, assert }) => {
    const response = await client
      .post(route('staff.login.store'))
      .header('referer', route('staff.login.show'))
      .form({ loginId: '', password: '' })
      .withCsrfToken()
    assert.include(response.text(), '職員IDを入力してください。')
    assert.include(response.text(), 'パスワードを入力してください。')
  })
})
