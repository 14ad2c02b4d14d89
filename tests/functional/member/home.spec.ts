import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { NoticeFactory } from '#database/factories/notice_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { asMember } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberHomeProps } from '#presenters/member/home'
import { route } from '#tests/helpers/routes'

test.group('Member home', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('shows the greeting, the latest visible statement and current notices', async ({
    client,
    assert,
  }) => {
    const member = await MemberFactory.merge({ name: '山田 花子' })
      .with('account', 1, (account) =>
        account
          .apply('registered')
          .merge({ registeredAt: DateTime.fromISO('2026-05-10T00:00:00Z') })
      )
      .create()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    await createPublishedStatement({
      member,
      billingMonth: '2026-09',
      lines: [{ category: '食品', itemName: '牛乳', quantity: 2, unitPrice: 1000, taxRate: 8 }],
    })
    await createPublishedStatement({
      member,
      billingMonth: '2026-10',
      lines: [
        { category: '日用品', itemName: '洗剤', quantity: 1, unitPrice: 12345 },
        { category: '返品', itemName: '洗剤（返品）', quantity: -1, unitPrice: 345 },
      ],
    })
    await NoticeFactory.merge({ title: '年末年始の営業について' }).create()
    await NoticeFactory.apply('expired').merge({ title: '終わったお知らせ' }).create()

    const response = await asMember(client.get(route('member.home')), account).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/home')
    const props = inertiaProps<MemberHomeProps>(response)
    assert.equal(props.greetingName, '山田 花子')
    assert.equal(props.latestStatement!.label, '2026年10月分')
    assert.equal(props.latestStatement!.total, '12,000円')
    assert.deepEqual(
      props.notices.map((notice: { title: string }) => notice.title),
      ['年末年始の営業について']
    )
    assert.isNull(props.withdrawal)
  })

  test('statements from the registration month and before are not shown', async ({
    client,
    assert,
  }) => {
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered').merge({ registeredAt: DateTime.fromISO('2026-05-10T00:00:00Z') })
    ).create()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    await createPublishedStatement({ member, billingMonth: '2026-05' })

    const response = await asMember(client.get(route('member.home')), account).withInertia()
    assert.isNull(inertiaProps<MemberHomeProps>(response).latestStatement)
  })

  test("another member's statement never appears", async ({ client, assert }) => {
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered')
    ).create()
    const other = await MemberFactory.create()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    await createPublishedStatement({ member: other, billingMonth: '2026-10' })

    const response = await asMember(client.get(route('member.home')), account).withInertia()
    assert.isNull(inertiaProps<MemberHomeProps>(response).latestStatement)
  })

  test('log-out ends the session and is written to the access log', async ({ client, assert }) => {
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered')
    ).create()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const response = await asMember(client.post(route('member.logout')), account)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.login.show'))
    const entry = await AuditLog.query().where('action', 'member.logout').firstOrFail()
    assert.equal(entry.memberAccountId, account.id)
  })
})
