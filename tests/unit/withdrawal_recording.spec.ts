import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { MemberFactory } from '#database/factories/member_factory'
import { cancelWithdrawal, recordWithdrawal } from '#domain/members/withdrawal_recording'

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Tokyo' })

test.group('Recording and cancelling withdrawals', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('accepted {accepted} (today {today}) -> refund {refund}')
    .with([
      { accepted: '2026-11-20', today: '2026-11-25', refund: '2027-03-31' },
      { accepted: '2026-04-01', today: '2026-04-01', refund: '2027-03-31' },
      { accepted: '2026-03-31', today: '2026-04-02', refund: '2026-03-31' },
    ])
    .run(async ({ assert }, { accepted, today, refund }) => {
      const member = await MemberFactory.create()
      const result = await recordWithdrawal(member, accepted, day(today))
      assert.isTrue(result.ok)
      await member.refresh()
      assert.equal(member.withdrawalAcceptedOn!.toISODate(), accepted)
      assert.equal(member.refundOn!.toISODate(), refund)
    })

  test('refuses a future date and a second recording', async ({ assert }) => {
    const member = await MemberFactory.create()
    assert.deepEqual(await recordWithdrawal(member, '2026-11-26', day('2026-11-25')), {
      ok: false,
      reason: 'future_date',
    })
    await recordWithdrawal(member, '2026-11-25', day('2026-11-25'))
    assert.deepEqual(await recordWithdrawal(member, '2026-11-25', day('2026-11-25')), {
      ok: false,
      reason: 'already_recorded',
    })
  })

  test('cancels until the refund date, not on or after it', async ({ assert }) => {
    const member = await MemberFactory.create()
    await recordWithdrawal(member, '2026-11-20', day('2026-11-25'))
    assert.deepEqual(await cancelWithdrawal(member, day('2027-03-31')), {
      ok: false,
      reason: 'refunded',
    })
    assert.deepEqual(await cancelWithdrawal(member, day('2027-03-30')), { ok: true })
    assert.isNull(member.refundOn)
    assert.deepEqual(await cancelWithdrawal(member, day('2027-03-30')), {
      ok: false,
      reason: 'not_recorded',
    })
  })
})
