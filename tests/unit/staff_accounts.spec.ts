import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { changeStaffRole, generateStaffPassword, setStaffActive } from '#domain/auth/staff_accounts'

test.group('Staff accounts: rules on one’s own account', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an admin cannot change their own role, but can change another admin', async ({
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const other = await StaffUserFactory.apply('admin').create()
    assert.deepEqual(await changeStaffRole(admin, admin, 'clerk'), {
      ok: false,
      reason: 'own_role',
    })
    assert.deepEqual(await changeStaffRole(admin, other, 'clerk'), { ok: true, previous: 'admin' })
    assert.deepEqual(await changeStaffRole(admin, other, 'clerk'), {
      ok: false,
      reason: 'unchanged',
    })
  })

  test('nobody deactivates themself; deactivating ends the other’s sessions', async ({
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const clerk = await StaffUserFactory.apply('clerk').create()
    assert.deepEqual(await setStaffActive(admin, admin, false), {
      ok: false,
      reason: 'own_account',
    })
    assert.deepEqual(await setStaffActive(admin, clerk, false), { ok: true })
    assert.equal(clerk.sessionVersion, 2)
    assert.deepEqual(await setStaffActive(admin, clerk, false), {
      ok: false,
      reason: 'unchanged',
    })
  })

  test('generated passwords are 16 characters without look-alikes', ({ assert }) => {
    const passwords = new Set(Array.from({ length: 50 }, () => generateStaffPassword()))
    assert.equal(passwords.size, 50)
    for (const password of passwords) {
      assert.match(password, /^[A-HJ-NP-Za-km-z2-9]{4}(-[A-HJ-NP-Za-km-z2-9]{4}){3}$/)
      assert.notMatch(password, /[01OIlo]/)
    }
  })
})
