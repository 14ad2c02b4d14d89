import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import AuditLog from '#models/audit_log'
import StaffUser from '#models/staff_user'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { currentCode, encryptTotpSecret, newTotpSecret } from '#domain/auth/staff_totp'
import { asStaff } from '#tests/helpers/sessions'
import env from '#start/env'
import { inertiaProps } from '#tests/helpers/inertia'
import type { StaffSecurityProps } from '#presenters/staff/staff_accounts'
import { route } from '#tests/helpers/routes'

async function staffWithTotp() {
  const staff = await StaffUserFactory.apply('clerk')
    .merge({ loginId: 'totp1', password: 'staff password 1' })
    .create()
  const secret = newTotpSecret()
  staff.totpSecretEncrypted = encryptTotpSecret(staff, secret)
  await staff.save()
  return { staff, secret }
}

function pending(staff: StaffUser) {
  return { staff_totp_pending: { staffUserId: staff.id, at: Date.now() } }
}

test.group('Staff two-step log-in (TOTP)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('with an app linked, the password leads to the code step, not into the area', async ({
    client,
    assert,
  }) => {
    const { staff } = await staffWithTotp()
    const response = await client
      .post(route('staff.login.store'))
      .form({ loginId: 'totp1', password: 'staff password 1' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.login.code.show'))
    assert.deepEqual(response.session('staff_totp_pending').staffUserId, staff.id)
    assert.notProperty(response.session(), 'auth_staff')
  })

  test('the right code logs in and is audited', async ({ client, assert }) => {
    const { staff, secret } = await staffWithTotp()
    const page = await client
      .get(route('staff.login.code.show'))
      .withSession(pending(staff))
      .withInertia()
    page.assertInertiaComponent('staff/login_code')
    const response = await client
      .post(route('staff.login.code.verify'))
      .withSession(pending(staff))
      .form({ code: currentCode(secret) })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.dashboard'))
    response.assertSessionMissing('staff_totp_pending')
    const entry = await AuditLog.query().where('action', 'staff.login_code').firstOrFail()
    assert.equal(entry.outcome, 'success')
  })

  test('a wrong code is refused; five wrong codes block the step', async ({ client, assert }) => {
    const { staff, secret } = await staffWithTotp()
    for (let i = 0; i < 5; i++) {
      const wrong = await client
        .post(route('staff.login.code.verify'))
        .withSession(pending(staff))
        .form({ code: '000000' })
        .withCsrfToken()
        .redirects(0)
      wrong.assertHeader('location', route('staff.login.code.show'))
      assert.include(wrong.flashMessage('error'), '確認コードが正しくありません')
    }
    const blocked = await client
      .post(route('staff.login.code.verify'))
      .withSession(pending(staff))
      .form({ code: currentCode(secret) })
      .withCsrfToken()
      .redirects(0)
    assert.include(blocked.flashMessage('error'), 'しばらくログインできません')
    assert.lengthOf(
      await AuditLog.query().where('action', 'staff.login_code').where('outcome', 'failure'),
      5
    )
  })

  test('without a recent password step the code page sends back to the log-in', async ({
    client,
  }) => {
    const { staff, secret } = await staffWithTotp()
    const none = await client.get(route('staff.login.code.show')).redirects(0)
    none.assertHeader('location', route('staff.login.show'))
    const stale = await client
      .post(route('staff.login.code.verify'))
      .withSession({ staff_totp_pending: { staffUserId: staff.id, at: Date.now() - 6 * 60_000 } })
      .form({ code: currentCode(secret) })
      .withCsrfToken()
      .redirects(0)
    stale.assertHeader('location', route('staff.login.show'))
  })

  test('enrolment: QR code, then the first code links the app', async ({ client, assert }) => {
    const staff = await StaffUserFactory.apply('operator').create()
    const page = await asStaff(client.get(route('staff.security')), staff).withInertia()
    page.assertInertiaComponent('staff/security')
    const props = inertiaProps<StaffSecurityProps>(page)
    assert.isFalse(props.enabled)
    assert.match(props.enrolment!.qrCodeDataUrl, /^data:image\/svg\+xml;base64,/)
    assert.include(page.header('cache-control'), 'no-store')
    const secret = props.enrolment!.manualKey.replaceAll(' ', '')

    const wrong = await asStaff(client.post(route('staff.security.enrol')), staff)
      .withSession({ staff_totp_enrolment: secret })
      .form({ code: '000000' })
      .withCsrfToken()
      .redirects(0)
    assert.include(wrong.flashMessage('error'), '確認コードが正しくありません')

    const response = await asStaff(client.post(route('staff.security.enrol')), staff)
      .withSession({ staff_totp_enrolment: secret })
      .form({ code: currentCode(secret) })
      .withCsrfToken()
      .redirects(0)
    assert.include(response.flashMessage('success'), '2段階認証を設定しました')
    await staff.refresh()
    assert.isNotNull(staff.totpSecretEncrypted)
    assert.notInclude(staff.totpSecretEncrypted!, secret)
    assert.exists(await AuditLog.query().where('action', 'staff.two_step.enabled').first())
  })

  test('removing the app needs a current code', async ({ client, assert }) => {
    const { staff, secret } = await staffWithTotp()
    const refused = await asStaff(client.post(route('staff.security.remove')), staff)
      .form({ code: '000000' })
      .withCsrfToken()
      .redirects(0)
    assert.include(refused.flashMessage('error'), '確認コードが正しくありません')
    const removed = await asStaff(client.post(route('staff.security.remove')), staff)
      .form({ code: currentCode(secret) })
      .withCsrfToken()
      .redirects(0)
    assert.include(removed.flashMessage('success'), '解除しました')
    await staff.refresh()
    assert.isNull(staff.totpSecretEncrypted)
  })

  test('twenty simultaneous wrong codes: only five are checked', async ({ client, assert }) => {
    const { staff } = await staffWithTotp()
    await Promise.all(
      Array.from({ length: 20 }, () =>
        client
          .post(route('staff.login.code.verify'))
          .withSession(pending(staff))
          .form({ code: '000000' })
          .withCsrfToken()
          .redirects(0)
      )
    )
    assert.lengthOf(
      await AuditLog.query().where('action', 'staff.login_code').where('outcome', 'failure'),
      5
    )
  })

  test('removing the app: five wrong codes block it, then even the right code is refused', async ({
    client,
    assert,
  }) => {
    const { staff, secret } = await staffWithTotp()
    const remove = (code: string) =>
      asStaff(client.post(route('staff.security.remove')), staff)
        .form({ code })
        .withCsrfToken()
        .redirects(0)
    for (let i = 0; i < 5; i++) {
      const wrong = await remove(String(100000 + i))
      assert.include(wrong.flashMessage('error'), '確認コードが正しくありません')
    }
    const blocked = await remove(currentCode(secret))
    assert.equal(
      blocked.flashMessage('error'),
      '確認コードの誤りが続いたため、しばらく2段階認証を解除できません。15分ほどお待ちください。'
    )
    await staff.refresh()
    assert.isNotNull(staff.totpSecretEncrypted)
    assert.lengthOf(
      await AuditLog.query().where('action', 'staff.two_step.disabled').where('outcome', 'failure'),
      5
    )
  })

  test('the security page needs a staff log-in', async ({ client }) => {
    const response = await client.get(route('staff.security')).redirects(0)
    response.assertHeader('location', route('staff.login.show'))
  })
})

test.group('Staff two-step log-in required (STAFF_TWO_STEP=required)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    env.set('STAFF_TWO_STEP', 'required')
    return () => env.set('STAFF_TWO_STEP', 'optional')
  })

  test('a staff member without an app is sent to enrolment from every other page', async ({
    client,
    assert,
  }) => {
    const staff = await StaffUserFactory.apply('admin').create()
    for (const url of [
      route('staff.dashboard'),
      route('staff.members.index'),
      route('staff.audit_log.index'),
    ]) {
      const response = await asStaff(client.get(url), staff).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('staff.security'))
      assert.include(response.flashMessage('error'), '2段階認証の設定が必要です')
    }
    const enrolment = await asStaff(client.get(route('staff.security')), staff).withInertia()
    enrolment.assertStatus(200)
    enrolment.assertInertiaComponent('staff/security')
    assert.isTrue(inertiaProps<StaffSecurityProps>(enrolment).required)
    assert.isNotNull(inertiaProps<StaffSecurityProps>(enrolment).enrolment)
  })

  test('with an app linked the area opens, and the app cannot be removed', async ({
    client,
    assert,
  }) => {
    const { staff, secret } = await staffWithTotp()
    const dashboard = await asStaff(client.get(route('staff.dashboard')), staff).redirects(0)
    dashboard.assertStatus(200)

    const removal = await asStaff(client.post(route('staff.security.remove')), staff)
      .form({ code: currentCode(secret) })
      .withCsrfToken()
      .redirects(0)
    assert.include(removal.flashMessage('error'), '2段階認証が必須のため')
    await staff.refresh()
    assert.isNotNull(staff.totpSecretEncrypted)
  })
})
