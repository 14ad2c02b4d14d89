import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import hash from '@adonisjs/core/services/hash'
import AuditLog from '#models/audit_log'
import StaffUser from '#models/staff_user'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { fieldError } from '#tests/helpers/validation'
import { asStaff } from '#tests/helpers/sessions'
import { encryptTotpSecret, newTotpSecret } from '#domain/auth/staff_totp'
import { inertiaProps } from '#tests/helpers/inertia'
import type {
  StaffAccountPasswordProps,
  StaffAccountsProps,
} from '#presenters/staff/staff_accounts'
import { route } from '#tests/helpers/routes'

test.group('Staff accounts (admin)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('lists the accounts, marking the viewer', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    await StaffUserFactory.apply('clerk').create()
    const response = await asStaff(client.get(route('staff.accounts.index')), admin).withInertia()
    response.assertInertiaComponent('staff/accounts/index')
    const props = inertiaProps<StaffAccountsProps>(response)
    assert.lengthOf(props.accounts, 2)
    assert.isTrue(props.accounts.find((a) => a.id === admin.id)!.isSelf)
    assert.notInclude(JSON.stringify(props), '$argon2')
  })

  test('creates an account with a generated password shown once, uncached', async ({
    client,
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const response = await asStaff(client.post(route('staff.accounts.store')), admin)
      .form({ loginId: 'New.Clerk', name: '事務 花子', role: 'clerk', password: '' })
      .withCsrfToken()
      .withInertia()
    response.assertInertiaComponent('staff/accounts/password')
    assert.include(response.header('cache-control'), 'no-store')
    const shown = inertiaProps<StaffAccountPasswordProps>(response).password
    assert.match(shown, /^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/)
    const created = await StaffUser.findByOrFail('login_id', 'new.clerk')
    assert.equal(created.role, 'clerk')
    assert.isTrue(await hash.verify(created.password, shown))
    const entry = await AuditLog.query().where('action', 'staff.accounts.create').firstOrFail()
    assert.notInclude(entry.detailsJson!, shown)
  })

  test('creates an account with a typed password', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const response = await asStaff(client.post(route('staff.accounts.store')), admin)
      .form({
        loginId: 'desk2',
        name: '窓口 二郎',
        role: 'operator',
        password: 'a long password 1',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.accounts.index'))
    const created = await StaffUser.findByOrFail('login_id', 'desk2')
    assert.isTrue(await hash.verify(created.password, 'a long password 1'))
  })

  test('bad input of each field is answered in Japanese and nothing is written', async ({
    client,
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    await StaffUserFactory.merge({ loginId: 'taken' }).create()
    const response = await asStaff(client.post(route('staff.accounts.store')), admin)
      .form({ loginId: 'taken', name: '', role: 'boss', password: 'short' })
      .withCsrfToken()
      .header('referer', route('staff.accounts.index'))
      .redirects(0)
    const errors = response.flashMessage('errors') as Record<string, string[]>
    assert.include(errors.loginId[0], 'この職員IDはすでに使われています')
    assert.include(errors.name[0], '氏名')
    assert.include(errors.role[0], '権限は選択肢から選んでください')
    assert.include(errors.password[0], '12文字以上')
    const bad = await asStaff(client.post(route('staff.accounts.store')), admin)
      .form({ loginId: 'ＡＢ', name: 'x', role: 'clerk' })
      .withCsrfToken()
      .header('referer', route('staff.accounts.index'))
      .redirects(0)
    assert.include(fieldError(bad, 'loginId'), '半角英小文字')
    assert.equal(
      await StaffUser.query()
        .count('* as total')
        .first()
        .then((r) => Number(r!.$extras.total)),
      2
    )
  })

  test('changes the role of another account and ends its sessions', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(
      client.post(route('staff.accounts.role', { id: operator.id })),
      admin
    )
      .form({ role: 'clerk' })
      .withCsrfToken()
      .redirects(0)
    assert.include(response.flashMessage('success'), '事務担当')
    await operator.refresh()
    assert.equal(operator.role, 'clerk')
    assert.equal(operator.sessionVersion, 2)
    const entry = await AuditLog.query().where('action', 'staff.accounts.change_role').firstOrFail()
    assert.deepInclude(JSON.parse(entry.detailsJson!), { previousRole: 'operator', role: 'clerk' })
  })

  test('nobody lowers their own role or deactivates themself', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const role = await asStaff(client.post(route('staff.accounts.role', { id: admin.id })), admin)
      .form({ role: 'operator' })
      .withCsrfToken()
      .redirects(0)
    assert.include(role.flashMessage('error'), 'ご自身の権限を下げることはできません')
    const deactivate = await asStaff(
      client.post(route('staff.accounts.deactivate', { id: admin.id })),
      admin
    )
      .withCsrfToken()
      .redirects(0)
    assert.include(deactivate.flashMessage('error'), 'ご自身のアカウントは利用停止できません')
    await admin.refresh()
    assert.equal(admin.role, 'admin')
    assert.isOk(admin.isActive)
  })

  test('deactivates and reactivates another account', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const clerk = await StaffUserFactory.apply('clerk').create()
    await asStaff(client.post(route('staff.accounts.deactivate', { id: clerk.id })), admin)
      .withCsrfToken()
      .redirects(0)
    await clerk.refresh()
    assert.isNotOk(clerk.isActive)
    // The deactivated clerk's open session ends at its next request.
    const refused = await asStaff(client.get(route('staff.dashboard')), clerk).redirects(0)
    refused.assertHeader('location', route('staff.login.show'))

    await asStaff(client.post(route('staff.accounts.reactivate', { id: clerk.id })), admin)
      .withCsrfToken()
      .redirects(0)
    await clerk.refresh()
    assert.isOk(clerk.isActive)
    assert.lengthOf(
      await AuditLog.query().whereIn('action', [
        'staff.accounts.deactivate',
        'staff.accounts.reactivate',
      ]),
      2
    )
  })

  test('resets a password: generated and shown once, or typed', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const clerk = await StaffUserFactory.apply('locked').merge({ role: 'clerk' }).create()
    const response = await asStaff(
      client.post(route('staff.accounts.password', { id: clerk.id })),
      admin
    )
      .withCsrfToken()
      .withInertia()
    response.assertInertiaComponent('staff/accounts/password')
    const shown = inertiaProps<StaffAccountPasswordProps>(response).password
    await clerk.refresh()
    assert.isTrue(await hash.verify(clerk.password, shown))
    assert.isNull(clerk.lockedUntil)

    const typed = await asStaff(
      client.post(route('staff.accounts.password', { id: clerk.id })),
      admin
    )
      .form({ password: 'another long pass 2' })
      .withCsrfToken()
      .redirects(0)
    typed.assertHeader('location', route('staff.accounts.index'))
    await clerk.refresh()
    assert.isTrue(await hash.verify(clerk.password, 'another long pass 2'))
  })

  test('an unknown account answers 404', async ({ client }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const response = await asStaff(
      client.post(route('staff.accounts.deactivate', { id: '99999' })),
      admin
    )
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(404)
  })

  test('an admin removes the two-step log-in of a colleague who lost their phone', async ({
    client,
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const clerk = await StaffUserFactory.apply('clerk').create()
    clerk.totpSecretEncrypted = encryptTotpSecret(clerk, newTotpSecret())
    await clerk.save()
    const list = await asStaff(client.get(route('staff.accounts.index')), admin).withInertia()
    const row = inertiaProps<StaffAccountsProps>(list).accounts.find((a) => a.id === clerk.id)!
    assert.isTrue(row.twoStep)

    const response = await asStaff(
      client.post(route('staff.accounts.two_step_reset', { id: clerk.id })),
      admin
    )
      .withCsrfToken()
      .redirects(0)
    assert.include(response.flashMessage('success'), '2段階認証を解除しました')
    await clerk.refresh()
    assert.isNull(clerk.totpSecretEncrypted)
    assert.exists(await AuditLog.query().where('action', 'staff.accounts.reset_two_step').first())

    const again = await asStaff(
      client.post(route('staff.accounts.two_step_reset', { id: clerk.id })),
      admin
    )
      .withCsrfToken()
      .redirects(0)
    assert.include(again.flashMessage('error'), '設定していません')
  })
})
