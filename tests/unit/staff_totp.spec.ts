import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  currentCode,
  encryptTotpSecret,
  newTotpSecret,
  stepOfCode,
  verifyStaffTotp,
} from '#domain/auth/staff_totp'

test.group('Staff TOTP', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a code is valid for its step and one step of drift, not beyond', ({ assert }) => {
    const secret = newTotpSecret()
    const now = Date.UTC(2026, 10, 25, 12, 0, 15)
    const code = currentCode(secret, now)
    assert.equal(stepOfCode(secret, code, now), Math.floor(now / 30_000))
    assert.isNotNull(stepOfCode(secret, code, now + 30_000))
    assert.isNull(stepOfCode(secret, code, now + 90_000))
    assert.isNotNull(stepOfCode(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now))
    assert.isNull(stepOfCode(secret, '12345', now))
  })

  test('the stored secret is encrypted and a used code cannot be replayed', async ({ assert }) => {
    const staff = await StaffUserFactory.create()
    const secret = newTotpSecret()
    staff.totpSecretEncrypted = encryptTotpSecret(staff, secret)
    await staff.save()
    assert.notInclude(staff.totpSecretEncrypted, secret)

    const now = Date.now()
    const code = currentCode(secret, now)
    assert.isTrue(await verifyStaffTotp(staff, code, now))
    assert.isFalse(await verifyStaffTotp(staff, code, now), 'replay')
    assert.isFalse(await verifyStaffTotp(staff, '000000', now + 30_000))
    assert.isTrue(await verifyStaffTotp(staff, currentCode(secret, now + 30_000), now + 30_000))
  })
})
