import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import argon2 from 'argon2'
import hash from '@adonisjs/core/services/hash'
import AuditLog from '#models/audit_log'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { knownDevice } from '#tests/helpers/devices'
import { DEVICE_COOKIE } from '#domain/auth/member_devices'
import { route } from '#tests/helpers/routes'

const PASSWORD = 'correct horse battery'

async function registered(email: string, password: string = PASSWORD) {
  const member = await MemberFactory.with('account', 1, (account) =>
    account.apply('registered').merge({ email, password })
  ).create()
  return MemberAccount.findByOrFail('member_id', member.id)
}

test.group('Member log-in: where it leads, what it keeps', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('returns to the page the member asked for before logging in', async ({ client }) => {
    const account = await registered('back@example.jp')
    const device = await knownDevice(account)
    const response = await client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, device)
      .withSession({ member_intended_url: `${route('member.home')}?from=mail` })
      .form({ email: 'back@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', `${route('member.home')}?from=mail`)
  })

  test('never redirects to another host', async ({ client }) => {
    const account = await registered('safe@example.jp')
    const device = await knownDevice(account)
    const response = await client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, device)
      .withSession({ member_intended_url: '//evil.example/login' })
      .form({ email: 'safe@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.home'))
  })

  test('a logged-in member or staff member opening a log-in page goes to their home', async ({
    client,
  }) => {
    const account = await registered('home@example.jp')
    const member = await asMember(client.get(route('public.login.show')), account).redirects(0)
    member.assertHeader('location', route('member.home'))
    const staff = await asStaff(
      client.get(route('staff.login.show')),
      await StaffUserFactory.create()
    ).redirects(0)
    staff.assertHeader('location', route('staff.dashboard'))
  })

  test('no access-log entry ever contains the typed password', async ({ client, assert }) => {
    await registered('quiet@example.jp')
    for (const password of ['wrong-secret-1', PASSWORD]) {
      await client
        .post(route('public.login.store'))
        .form({ email: 'quiet@example.jp', password })
        .withCsrfToken()
        .redirects(0)
    }
    await client
      .post(route('public.login.store'))
      .form({ email: 'nobody@example.jp', password: 'wrong-secret-2' })
      .withCsrfToken()
    const entries = await AuditLog.query().where('action', 'member.login')
    assert.lengthOf(entries, 3)
    for (const entry of entries) {
      const stored = JSON.stringify(entry.serialize())
      for (const secret of ['wrong-secret-1', 'wrong-secret-2', PASSWORD]) {
        assert.notInclude(stored, secret)
      }
    }
  })

  test('a hash made with older argon2 parameters is upgraded at log-in', async ({
    client,
    assert,
  }) => {
    const oldHash = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      timeCost: 3,
      memoryCost: 8192,
    })
    const account = await registered('rehash@example.jp', oldHash)
    assert.isTrue(hash.needsReHash(oldHash))

    await client
      .post(route('public.login.store'))
      .form({ email: 'rehash@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)

    await account.refresh()
    assert.notEqual(account.password, oldHash)
    assert.isFalse(hash.needsReHash(account.password!))
    assert.isTrue(await hash.verify(account.password!, PASSWORD))
  })
})
