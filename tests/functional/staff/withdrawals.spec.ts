import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AuditLog from '#models/audit_log'
import Member from '#models/member'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { MemberFactory, createRegisteredMember } from '#database/factories/member_factory'
import { fiscalYearOf, todayInJapan } from '#domain/common/clock'
import { refundDateFor } from '#domain/members/withdrawal'
import { formatJapaneseDate } from '#domain/common/formatting'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { fieldError } from '#tests/helpers/validation'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberPageProps } from '#presenters/staff/members'
import { route } from '#tests/helpers/routes'

function record(client: any, staff: any, member: Member, acceptedOn: string) {
  return asStaff(client.post(route('staff.members.withdrawal.store', { id: member.id })), staff)
    .form({ acceptedOn })
    .withCsrfToken()
    .header('referer', route('staff.members.show', { id: member.id }))
    .redirects(0)
}

test.group('Withdrawals recorded by staff', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a clerk records the acceptance date; the refund date is March 31 of that fiscal year', async ({
    client,
    assert,
  }) => {
    const { member } = await createRegisteredMember()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const today = todayInJapan()
    const response = await record(client, clerk, member, today.toFormat('yyyy/M/d'))
    response.assertHeader('location', route('staff.members.show', { id: member.id }))
    const refund = refundDateFor(today)
    assert.equal(refund.toISODate(), `${fiscalYearOf(today) + 1}-03-31`)
    assert.include(response.flashMessage('success'), formatJapaneseDate(refund))

    await member.refresh()
    assert.equal(member.withdrawalAcceptedOn!.toISODate(), today.toISODate())
    assert.equal(member.refundOn!.toISODate(), refund.toISODate())
    const entry = await AuditLog.query()
      .where('action', 'staff.member.withdrawal_recorded')
      .firstOrFail()
    assert.equal(entry.memberId, member.id)
    assert.equal(JSON.parse(entry.detailsJson!).refundOn, refund.toISODate())

    const page = await asStaff(
      client.get(route('staff.members.show', { id: member.id })),
      clerk
    ).withInertia()
    const props = inertiaProps<MemberPageProps>(page)
    assert.equal(props.member.withdrawal.state, 'pending')
    assert.equal(props.member.withdrawal.refundOn, formatJapaneseDate(refund))
  })

  test('refusals: {label}')
    .with([
      { label: 'empty date', value: '', field: '脱退届の受理日を入力してください' },
      { label: 'unreadable date', value: '2026/2/30', field: '脱退届の受理日は 1980/4/1' },
    ])
    .run(async ({ client, assert }, { value, field }) => {
      const { member } = await createRegisteredMember()
      const clerk = await StaffUserFactory.apply('clerk').create()
      const response = await record(client, clerk, member, value)
      assert.include(fieldError(response, 'acceptedOn'), field)
      await member.refresh()
      assert.isNull(member.refundOn)
    })

  test('a future date and a second recording are refused', async ({ client, assert }) => {
    const { member } = await createRegisteredMember()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const tomorrow = todayInJapan().plus({ days: 1 }).toISODate()!
    const future = await record(client, clerk, member, tomorrow)
    assert.include(future.flashMessage('error'), '未来の日付は指定できません')
    await member.refresh()
    assert.isNull(member.refundOn)

    const pending = await MemberFactory.apply('withdrawalPending').create()
    const twice = await record(client, clerk, pending, todayInJapan().toISODate()!)
    assert.include(twice.flashMessage('error'), 'すでに脱退届の受理が登録されています')
  })

  test('a pending withdrawal can be cancelled, a refunded one cannot', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const pending = await MemberFactory.apply('withdrawalPending').create()
    const response = await asStaff(
      client.post(route('staff.members.withdrawal.cancel', { id: pending.id })),
      clerk
    )
      .withCsrfToken()
      .redirects(0)
    assert.include(response.flashMessage('success'), '取り消しました')
    await pending.refresh()
    assert.isNull(pending.refundOn)
    assert.isNull(pending.withdrawalAcceptedOn)
    assert.exists(
      await AuditLog.query().where('action', 'staff.member.withdrawal_cancelled').first()
    )

    const withdrawn = await MemberFactory.apply('withdrawn').create()
    const refused = await asStaff(
      client.post(route('staff.members.withdrawal.cancel', { id: withdrawn.id })),
      clerk
    )
      .withCsrfToken()
      .redirects(0)
    assert.include(refused.flashMessage('error'), '返還日を過ぎているため')
    await withdrawn.refresh()
    assert.isNotNull(withdrawn.refundOn)

    const none = await MemberFactory.create()
    const nothing = await asStaff(
      client.post(route('staff.members.withdrawal.cancel', { id: none.id })),
      clerk
    )
      .withCsrfToken()
      .redirects(0)
    assert.include(nothing.flashMessage('error'), '登録されていません')
  })

  test('access ends by itself once the refund date recorded by staff has come', async ({
    client,
    assert,
  }) => {
    const { member, account } = await createRegisteredMember()
    const clerk = await StaffUserFactory.apply('clerk').create()
    // Accepted in the previous fiscal year: its March 31 refund date is already past.
    const lastYear = todayInJapan().minus({ years: 1 })
    await record(client, clerk, member, lastYear.toISODate()!)
    const response = await asMember(client.get(route('member.home')), account)
    assert.include(response.text(), 'マイページのご利用は終了しました')
  })
})
