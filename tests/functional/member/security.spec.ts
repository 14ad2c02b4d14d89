import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import AuditLog from '#models/audit_log'
import MemberAccount from '#models/member_account'
import { createRegisteredMember } from '#database/factories/member_factory'
import { recordAudit } from '#domain/audit/audit_trail'
import { describeDevice } from '#presenters/member/login_history'
import { asMember } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberSecurityProps } from '#presenters/member/login_history'
import { route } from '#tests/helpers/routes'

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'

async function loginEntry(
  account: MemberAccount,
  outcome: 'success' | 'failure',
  userAgent: string,
  ip: string
) {
  return recordAudit({
    action: 'member.login',
    outcome,
    actorType: 'member',
    memberAccountId: account.id,
    memberId: account.memberId,
    origin: { ip, userAgent },
  })
}

test.group('Account security page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('lists the last 10 log-ins of this member only, newest first, with device and outcome', async ({
    client,
    assert,
  }) => {
    const { account } = await createRegisteredMember()
    const { account: other } = await createRegisteredMember()
    for (let i = 0; i < 11; i++) await loginEntry(account, 'success', WINDOWS, `10.0.0.${i}`)
    await loginEntry(account, 'failure', IPHONE, '192.0.2.7')
    await loginEntry(other, 'success', WINDOWS, '198.51.100.1')
    await recordAudit({
      action: 'member.logout',
      outcome: 'success',
      actorType: 'member',
      memberAccountId: account.id,
      origin: { ip: '10.9.9.9', userAgent: null },
    })

    const response = await asMember(client.get(route('member.security')).withInertia(), account)
    response.assertInertiaComponent('member/security')
    const logins = inertiaProps<MemberSecurityProps>(response).logins
    assert.lengthOf(logins, 10)
    assert.equal(logins[0].ip, '192.0.2.7')
    assert.equal(logins[0].outcome, '失敗')
    assert.include(logins[0].device, 'iOS')
    assert.include(logins[0].device, 'スマートフォン')
    assert.equal(logins[1].outcome, '成功')
    assert.include(logins[1].device, 'Windows')
    assert.notInclude(JSON.stringify(logins), '198.51.100.1')
    assert.notInclude(JSON.stringify(logins), '10.9.9.9')
  })

  test('a code asked on a new device is listed as its own step', async ({ client, assert }) => {
    const { account } = await createRegisteredMember()
    await loginEntry(account, 'success', IPHONE, '203.0.113.9')
    await recordAudit({
      action: 'member.login_code',
      outcome: 'failure',
      actorType: 'member',
      memberAccountId: account.id,
      memberId: account.memberId,
      origin: { ip: '203.0.113.9', userAgent: IPHONE },
      details: { reason: 'wrong' },
    })
    const response = await asMember(client.get(route('member.security')).withInertia(), account)
    const logins = inertiaProps<MemberSecurityProps>(response).logins
    assert.deepEqual(
      logins.map((row) => `${row.step} ${row.outcome}`),
      ['認証コード 失敗', 'パスワード 成功']
    )
  })

  test('the page renders server-side with the sign-out form', async ({ client, assert }) => {
    const { account } = await createRegisteredMember()
    await loginEntry(account, 'success', IPHONE, '203.0.113.5')
    const response = await asMember(client.get(route('member.security')), account)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, '203.0.113.5')
    assert.include(html, `<form method="post" action="${route('member.security.sign_out_others')}"`)
    assert.include(html, '他の端末からログアウト')
  })

  test('devices are described in Japanese, unknown ones as 不明', ({ assert }) => {
    assert.equal(describeDevice(null), '不明')
    assert.equal(describeDevice('curl/8.0'), '不明')
    assert.include(describeDevice(WINDOWS), 'パソコン')
  })

  test('「他の端末からログアウト」 ends other sessions and keeps this one', async ({
    client,
    assert,
  }) => {
    const { account } = await createRegisteredMember()
    const versionBefore = account.sessionVersion
    const response = await asMember(client.post(route('member.security.sign_out_others')), account)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.security'))
    response.assertSession('member_session_version', versionBefore + 1)
    const fresh = await MemberAccount.findOrFail(account.id)
    assert.equal(fresh.sessionVersion, versionBefore + 1)

    const thisDevice = await client
      .get(route('member.home'))
      .withGuard('member')
      .loginAs(fresh)
      .withSession({ member_login_at: Date.now(), member_session_version: versionBefore + 1 })
      .redirects(0)
    thisDevice.assertStatus(200)
    const otherDevice = await client
      .get(route('member.home'))
      .withGuard('member')
      .loginAs(fresh)
      .withSession({ member_login_at: Date.now(), member_session_version: versionBefore })
      .redirects(0)
    otherDevice.assertHeader('location', route('public.login.show'))
    const entry = await AuditLog.query().where('action', 'member.sign_out_others').firstOrFail()
    assert.equal(entry.memberAccountId, account.id)
  })
})

test.group('Log-out', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('clears the session and gives a new session id', async ({ client, assert }) => {
    const { account } = await createRegisteredMember()
    const response = await asMember(client.post(route('member.logout')), account)
      .withSession({ member_password_confirmed_at: Date.now(), something: 'kept before' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('public.login.show'))
    const session = response.session()
    assert.notProperty(session, 'member_login_at')
    assert.notProperty(session, 'member_session_version')
    assert.notProperty(session, 'member_password_confirmed_at')
    assert.notProperty(session, 'something')
    assert.notProperty(session, 'auth_member')
    const cookies = response.cookies()
    const sessionCookie = Object.values(cookies).find(
      (cookie: any) => cookie.name === 'mypage-session'
    )
    assert.exists(sessionCookie, 'a new session id cookie is sent')
  })
})
