import factory from '@adonisjs/lucid/factories'
import { DateTime } from 'luxon'
import StaffUser from '#models/staff_user'
import { ensureHashed } from '#database/factories/member_account_factory'
import { fake, uniqueSequence } from '#database/factories/japanese_fake'
import { ACCOUNT_LOCK } from '#domain/auth/rate_limits'

/** The password staff accounts get unless a test merges another one. */
export const FACTORY_STAFF_PASSWORD = 'staff-demo-2026'

/**
 * Staff accounts. `loginId` is lower-case and unique per process; a plain
 * `password` is hashed before insert (`.merge({ password: 'plain' })` works).
 * States: `operator` (the default role), `clerk`, `admin`, `inactive`, `locked`.
 */
export const StaffUserFactory = factory
  .define(StaffUser, () => {
    const sequence = uniqueSequence()
    return {
      loginId: `staff${sequence}`,
      name: fake.person().name,
      email: `staff${sequence}@example.jp`,
      role: 'operator' as const,
      password: FACTORY_STAFF_PASSWORD,
      isActive: true,
      totpSecretEncrypted: null,
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: null,
      sessionVersion: 1,
    }
  })
  .state('operator', (row) => {
    row.role = 'operator'
  })
  .state('clerk', (row) => {
    row.role = 'clerk'
  })
  .state('admin', (row) => {
    row.role = 'admin'
  })
  .state('inactive', (row) => {
    row.isActive = false
  })
  .state('locked', (row) => {
    row.failedLoginCount = 0
    row.lockedUntil ??= DateTime.utc().plus({ minutes: ACCOUNT_LOCK.lockMinutes }).startOf('second')
  })
  .before('create', async (_, row) => {
    row.loginId = row.loginId.trim().toLowerCase()
    if (row.password) row.password = await ensureHashed(row.password)
  })
  .build()
