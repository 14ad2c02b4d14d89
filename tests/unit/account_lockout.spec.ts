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
})
