import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { changeStaffRole, generateStaffPassword, setStaffActive } from '#domain/auth/staff_accounts'
import type StaffUser from '#models/staff_user'

/** The actions take the acting admin and the request's origin (for the access log). */
function by(actor: StaffUser) {
  return { actor, origin: { ip: '127.0.0.1', userAgent: 'unit test' } }
}

test.group('Staff accounts: rules on one’s own account', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an admin cannot change their own role, but can change another admin', async ({
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const other = await StaffUserFactory.apply('admin').create()
    assert.deepEqual(await changeStaffRole({ ...by(admin), target: admin, role: 'clerk' }), {
      ok: false,
      reason: 'own_role',
    })
    assert.deepEqual(await changeStaffRole({ ...by(admin), target: other, role: 'clerk' }), {
      ok: true,
      previous: 'admin',
    })
    assert.deepEqual(await changeStaffRole({ ...by(admin), target: other, role: 'clerk' }), {
      ok: false,
      reason: 'unchanged',
    })
  })

  test('nobody deactivates themself; deactivating ends the other’s sessions', async ({
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const clerk = await StaffUserFactory.apply('clerk').create()
    assert.deepEqual(await setStaffActive({ ...by(admin), target: admin, active: false }), {
      ok: false,
      reason: 'own_account',
    })
    assert.deepEqual(await setStaffActive({ ...by(admin), target: clerk, active: false }), {
      ok: true,
    })
    assert.equal(clerk.sessionVersion, 2)
    assert.deepEqual(await setStaffActive({ ...by(admin), target: clerk, active: false }), {
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
