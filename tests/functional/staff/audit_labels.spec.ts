import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { MemberFactory } from '#database/factories/member_factory'
import { recordAudit } from '#domain/audit/audit_trail'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { AuditLogProps } from '#presenters/staff/audit_entries'
import { route } from '#tests/helpers/routes'

/** Issue 9, defect 13 e: labels on screen, the raw code only as a title and in the CSV. */
test.group('Audit log labels', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the table shows the Japanese label; the code is kept for the title and the CSV', async ({
    client,
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const member = await MemberFactory.create()
    await recordAudit({
      action: 'member.password_change',
      outcome: 'success',
      actorType: 'member',
      memberId: member.id,
      origin: { ip: '192.0.2.5', userAgent: 'test' },
    })
    const page = await asStaff(client.get(route('staff.audit_log.index')), admin).withInertia()
    const entry = inertiaProps<AuditLogProps>(page).entries[0]
    assert.equal(entry.action, 'パスワード変更')
    assert.equal(entry.actionCode, 'member.password_change')

    const csv = await asStaff(client.get(route('staff.audit_log.export')), admin)
    const [header, first] = csv
      .text()
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
    assert.include(header, '操作コード')
    assert.include(first, 'パスワード変更')
    assert.include(first, 'member.password_change')
  })
})
