import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import limiter from '@adonisjs/limiter/services/main'
import MemberAccount from '#models/member_account'
import AccountLockedMail from '#mails/account_locked_mail'
import { deliverOutbox } from '#tests/helpers/mails'
import { MemberFactory } from '#database/factories/member_factory'
import { attemptMemberLogin } from '#domain/auth/member_authentication'
import { ACCOUNT_LOCK } from '#domain/auth/rate_limits'
import { japanTime, restoreClock, setJapanTime } from '#tests/helpers/clock'

test.group('Account lock after consecutive failures', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('locks the account, mails the member, and refuses even the right password', async ({
    assert,
    cleanup,
  }) => {
    const { mails } = mail.fake()
    cleanup(() => mail.restore())
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'target@example.jp', password: 'the right one!' })
    ).create()

    // From many addresses, so the per-address rate limit never kicks in.
    for (let i = 0; i < ACCOUNT_LOCK.consecutiveFailures; i++) {
      const result = await attemptMemberLogin({
        email: 'target@example.jp',
        password: `guess ${i}`,
        origin: { ip: `10.0.0.${i}`, userAgent: 'test' },
      })
      assert.isFalse(result.ok)
    }

    const account = await MemberAccount.findByOrFail('member_id', member.id)
    assert.isNotNull(account.lockedUntil)
    await deliverOutbox()
    mails.assertSent(AccountLockedMail, ({ message }) => message.hasTo('target@example.jp'))

    const result = await attemptMemberLogin({
      email: 'target@example.jp',
      password: 'the right one!',
      origin: { ip: '10.0.1.1', userAgent: 'test' },
    })
    assert.deepInclude(result, { ok: false, reason: 'locked' })
  })

  test('a success resets the count of failures', async ({ assert }) => {
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'reset@example.jp', password: 'the right one!' })
    ).create()
    const origin = { ip: '10.0.0.1', userAgent: 'test' }
    await attemptMemberLogin({ email: 'reset@example.jp', password: 'nope', origin })
    const ok = await attemptMemberLogin({
      email: 'reset@example.jp',
      password: 'the right one!',
      origin,
    })
    assert.isTrue(ok.ok)
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    assert.equal(account.failedLoginCount, 0)
  })

  test('the tenth wrong password in a row locks, the ninth does not', async ({
    assert,
    cleanup,
  }) => {
    setJapanTime('2026-05-11T10:00:00')
    cleanup(restoreClock)
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'tenth@example.jp', password: 'the right one!' })
    ).create()
    const guess = (i: number) =>
      attemptMemberLogin({
        email: 'tenth@example.jp',
        password: `guess ${i}`,
        origin: { ip: `10.0.2.${i}`, userAgent: 'test' },
      })

    for (let i = 1; i <= 9; i++) await guess(i)
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    assert.isNull(account.lockedUntil)
    assert.equal(account.failedLoginCount, 9)

    await guess(10)
    await account.refresh()
    assert.isNotNull(account.lockedUntil)
  })

  test('the lock lasts 30 minutes: refused at 29 minutes, the right password works at 30', async ({
    assert,
    cleanup,
  }) => {
    setJapanTime('2026-05-11T10:00:00')
    cleanup(restoreClock)
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'thirty@example.jp', password: 'the right one!' })
    ).create()
    for (let i = 1; i <= 10; i++) {
      await attemptMemberLogin({
        email: 'thirty@example.jp',
        password: `guess ${i}`,
        origin: { ip: `10.0.3.${i}`, userAgent: 'test' },
      })
    }
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    assert.equal(account.lockedUntil!.toMillis(), japanTime('2026-05-11T10:30:00').toMillis())

    const rightPassword = (ip: string) =>
      attemptMemberLogin({
        email: 'thirty@example.jp',
        password: 'the right one!',
        origin: { ip, userAgent: 'test' },
      })
    setJapanTime('2026-05-11T10:29:00')
    assert.deepInclude(await rightPassword('10.0.3.100'), { ok: false, reason: 'locked' })
    setJapanTime('2026-05-11T10:30:00')
    const afterLock = await rightPassword('10.0.3.101')
    assert.isTrue(afterLock.ok)
  })
})
