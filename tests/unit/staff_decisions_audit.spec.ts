import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#models/audit_log'
import { MemberFactory } from '#database/factories/member_factory'
import { InquiryFactory } from '#database/factories/inquiry_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { todayInJapan } from '#domain/common/clock'
import { assignInquiryTo } from '#domain/workflows/inquiries'
import {
  cancelWithdrawalNotice,
  recordWithdrawalNotice,
} from '#domain/members/withdrawal_recording'
import { exportChangeHistory } from '#domain/audit/change_history'

const origin = { ip: '192.0.2.1', userAgent: 'unit' }

const entries = (action: string) => AuditLog.query().where('action', action)

/*
| The staff actions that write and audit: the audit entry follows a change that was made,
| and a refusal writes neither the change nor an entry.
*/
test.group('Staff actions: refusals write nothing, changes are audited', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a withdrawal recorded once is audited once; the cancellation is audited with the date it undid', async ({
    assert,
  }) => {
    const staff = await StaffUserFactory.apply('clerk').create()
    const member = await MemberFactory.create()
    const acceptedOn = todayInJapan().toISODate()!
    const recorded = await recordWithdrawalNotice({
      member,
      acceptedOn,
      staffUserId: staff.id,
      origin,
    })
    assert.equal(recorded.status, 'recorded')
    const again = await recordWithdrawalNotice({
      member,
      acceptedOn,
      staffUserId: staff.id,
      origin,
    })
    assert.deepEqual(again, { status: 'refused', reason: 'already_recorded' })
    const logged = await entries('staff.member.withdrawal_recorded')
    assert.lengthOf(logged, 1)
    assert.equal(logged[0].memberId, member.id)
    assert.equal(logged[0].staffUserId, staff.id)

    assert.deepEqual(await cancelWithdrawalNotice({ member, staffUserId: staff.id, origin }), {
      status: 'cancelled',
    })
    assert.deepEqual(await cancelWithdrawalNotice({ member, staffUserId: staff.id, origin }), {
      status: 'refused',
      reason: 'not_recorded',
    })
    const cancelled = await entries('staff.member.withdrawal_cancelled')
    assert.lengthOf(cancelled, 1)
    assert.deepEqual(JSON.parse(cancelled[0].detailsJson!), { acceptedOn })
  })

  test('an inquiry goes to someone who may answer it, never to a clerk', async ({ assert }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const colleague = await StaffUserFactory.apply('operator').create()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const member = await MemberFactory.create()
    const inquiry = await InquiryFactory.merge({ memberId: member.id }).create()

    const assign = (assignee: string) =>
      assignInquiryTo({ inquiry, actorId: operator.id, assignee })
    assert.deepEqual(await assign('me'), { status: 'assigned', staffId: operator.id })
    assert.deepEqual(await assign(String(colleague.id)), {
      status: 'assigned',
      staffId: colleague.id,
    })
    assert.deepEqual(await assign(String(clerk.id)), { status: 'not_assignable' })
    assert.deepEqual(await assign('999999'), { status: 'not_assignable' })
    await inquiry.refresh()
    assert.equal(inquiry.assignedStaffId, colleague.id)
    assert.deepEqual(await assign('none'), { status: 'assigned', staffId: null })
  })

  test('a change-history export over a reversed range is refused before anything is written', async ({
    assert,
  }) => {
    const staff = await StaffUserFactory.apply('clerk').create()
    const outcome = await exportChangeHistory({
      from: '2026-11-30',
      to: '2026-11-01',
      encoding: 'utf8',
      staffUserId: staff.id,
      origin,
    })
    assert.deepEqual(outcome, { status: 'refused' })
    assert.lengthOf(await entries('staff.change_history.export'), 0)
  })
})
