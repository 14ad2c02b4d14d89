import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#models/audit_log'
import { recordAudit } from '#domain/audit/audit_trail'

const origin = { ip: '127.0.0.1', userAgent: 'test' }

test.group('Audit trail never stores a secret', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('refuses details keyed {key}')
    .with(['password', 'initialPassword', 'resetToken', 'totpSecret', 'otp', 'loginCode'])
    .run(async ({ assert }, key) => {
      await assert.rejects(
        () =>
          recordAudit({
            action: 'staff.phone_desk.reveal_initial_password',
            outcome: 'success',
            actorType: 'staff',
            origin,
            details: { [key]: 'K7P2M9QX' },
          }),
        /must not carry secrets/
      )
      assert.isNull(await AuditLog.query().first())
    })

  test('keeps context such as the identity items that matched', async ({ assert }) => {
    await recordAudit({
      action: 'staff.phone_desk.verify',
      outcome: 'success',
      actorType: 'staff',
      origin,
      details: { matched: ['memberNumber', 'birthDate', 'postalCode'], postalCode: 'matched' },
    })
    const entry = await AuditLog.query().firstOrFail()
    assert.deepEqual(JSON.parse(entry.detailsJson!).matched, [
      'memberNumber',
      'birthDate',
      'postalCode',
    ])
  })
})
