import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { route } from '#tests/helpers/routes'

async function registeredAccount() {
  const member = await MemberFactory.with('account', 1, (account) =>
    account.apply('registered')
  ).create()
  return MemberAccount.findByOrFail('member_id', member.id)
}

test.group('Area separation', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('anonymous visitors are sent to the right log-in page', async ({ client }) => {
    const member = await client.get(route('member.home')).redirects(0)
    member.assertStatus(302)
    member.assertHeader('location', route('public.login.show'))
    const staff = await client.get(route('staff.dashboard')).redirects(0)
    staff.assertStatus(302)
    staff.assertHeader('location', route('staff.login.show'))
  })

  test('a logged-in member cannot reach any staff URL', async ({ client }) => {
    const account = await registeredAccount()
    for (const url of [route('staff.dashboard')]) {
      const response = await asMember(client.get(url), account).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('staff.login.show'))
    }
    const logout = await asMember(client.post(route('staff.logout')), account)
      .withCsrfToken()
      .redirects(0)
    logout.assertHeader('location', route('staff.login.show'))
  })

  for (const role of ['operator', 'clerk', 'admin'] as const) {
    test(`a logged-in ${role} cannot reach the member area`, async ({ client }) => {
      const staff = await StaffUserFactory.apply(role).create()
      const response = await asStaff(client.get(route('member.home')), staff).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('public.login.show'))
    })
  }

  test('the same browser logged in to both areas keeps them apart', async ({ client, assert }) => {
    const account = await registeredAccount()
    const staff = await StaffUserFactory.apply('operator').create()
    const response = await asStaff(asMember(client.get(route('staff.dashboard')), account), staff)
    response.assertStatus(200)
    assert.include(response.text(), 'ダッシュボード')
  })

  test('a member session older than the absolute timeout is ended with an explanation', async ({
    client,
    assert,
  }) => {
    const account = await registeredAccount()
    const thirteenHoursAgo = Date.now() - 13 * 60 * 60 * 1000
    const response = await asMember(client.get(route('member.home')), account, thirteenHoursAgo)
    assert.include(response.text(), '一定時間が経過したため、ログアウトしました')
  })

  test('bumping the session version ends sessions started before', async ({ client, assert }) => {
    const account = await registeredAccount()
    const request = asMember(client.get(route('member.home')), account)
    account.sessionVersion += 1
    await account.save()
    const response = await request
    assert.include(response.text(), '別の操作によりログアウトされました')
  })

  test('a member whose refund date passed while logged in is logged out', async ({
    client,
    assert,
  }) => {
    const member = await MemberFactory.apply('withdrawn')
      .with('account', 1, (account) => account.apply('registered'))
      .create()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const response = await asMember(client.get(route('member.home')), account)
    assert.include(response.text(), 'マイページのご利用は終了しました')
  })
})
