import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { todayInJapan } from '#domain/common/clock'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { StaffDashboardProps } from '#presenters/staff/dashboard'
import { route } from '#tests/helpers/routes'

/*
| The dashboard's member figures come from one pass over members and accounts: each figure at
| its boundary (the refund day itself ends access; a lock that ended a second ago is no lock).
*/
test.group('Staff dashboard figures at their boundaries', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('refund day today, tomorrow and yesterday; a lock that has just ended and two still running', async ({
    client,
    assert,
  }) => {
    const staff = await StaffUserFactory.apply('operator').create()
    const today = todayInJapan()
    const registered = (refundOn: DateTime | null) =>
      MemberFactory.merge({
        refundOn,
        withdrawalAcceptedOn: refundOn ? today.minus({ months: 3 }) : null,
      })
        .with('account', 1, (account) => account.apply('registered'))
        .create()
    await registered(null)
    await registered(today) // the refund day itself: no access any more
    await registered(today.plus({ days: 1 })) // still a member until tomorrow
    await registered(today.minus({ days: 1 }))
    await MemberFactory.create() // no account at all
    await MemberFactory.with('account', 1, (account) =>
      account
        .apply('locked')
        .merge({ lockedUntil: DateTime.utc().minus({ seconds: 1 }).startOf('second') })
    ).create()
    await MemberFactory.with('account', 1, (account) =>
      account
        .apply('locked')
        .merge({ lockedUntil: DateTime.utc().plus({ minutes: 5 }).startOf('second') })
    ).create()
    await MemberFactory.with('account', 1, (account) =>
      account
        .apply('locked')
        .merge({ lockedUntil: DateTime.utc().plus({ minutes: 29 }).startOf('second') })
    ).create()

    const response = await asStaff(client.get(route('staff.dashboard')), staff).withInertia()
    response.assertStatus(200)
    const props = inertiaProps<StaffDashboardProps>(response)
    assert.equal(props.members.total, 8)
    // Everyone but the refunds of today and yesterday.
    assert.equal(props.members.withAccess, 6)
    // Registered with access: no refund, refund tomorrow, and the three locked accounts.
    assert.equal(props.members.registered, 5)
    assert.equal(props.members.registrationRate, '83.3%')
    // The two locks still running, not the one that ended a second ago.
    assert.equal(props.lockedAccounts, 2)
    assert.equal(props.pendingWithdrawals, 1)
  })
})
