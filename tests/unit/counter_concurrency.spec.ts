import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import mail from '@adonisjs/mail/services/main'
import limiter from '@adonisjs/limiter/services/main'
import AuditLog from '#models/audit_log'
import Member from '#models/member'
import MemberAccount from '#models/member_account'
import OneTimeToken from '#models/one_time_token'
import StaffUser from '#models/staff_user'
import AccountLockedMail from '#mails/account_locked_mail'
import { allMails } from '#tests/helpers/mails'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { attemptMemberLogin } from '#domain/auth/member_authentication'
import { attemptStaffLogin } from '#domain/auth/staff_authentication'
import { registerFailure, registerSuccess } from '#domain/auth/account_lockout'
import { signOutOtherSessions } from '#domain/auth/login_history'
import { issueLoginCode, verifyLoginCode } from '#domain/auth/one_time_tokens'
import {
  currentCode,
  encryptTotpSecret,
  newTotpSecret,
  verifyStaffTotp,
} from '#domain/auth/staff_totp'
import { ACCOUNT_LOCK, LOGIN_CODE_TRIES, RATE_LIMITS } from '#domain/auth/rate_limits'

/*
 * Counters under real concurrency (issue 9, defect 2): no global transaction, every call loads
 * its own copy of the row (as parallel requests do), and on PostgreSQL the calls really run on
 * separate connections at once. Rows are removed afterwards.
 */
const PARALLEL = 30
const PASSWORD = 'the right one 2026'

test.group('Counters under real concurrency', (group) => {
  let cleanup: { members: number[]; staff: number[] }
  group.each.setup(async () => {
    cleanup = { members: [], staff: [] }
    await limiter.clear()
    // Refused attempts are logged without an account: remove every entry this test wrote.
    const lastAuditEntry = await AuditLog.query().max('id as id').first()
    const auditFrom = Number(lastAuditEntry?.$extras.id ?? 0)
    return async () => {
      await AuditLog.query().where('id', '>', auditFrom).delete()
      const accounts = await MemberAccount.query().whereIn('member_id', cleanup.members)
      await OneTimeToken.query()
        .whereIn(
          'member_account_id',
          accounts.map((account) => account.id)
        )
        .delete()
      await Member.query().whereIn('id', cleanup.members).delete()
      await StaffUser.query().whereIn('id', cleanup.staff).delete()
      await limiter.clear()
    }
  })
  group.each.timeout(60_000)

  async function registeredMember(email: string) {
    const member = await MemberFactory.with('account', 1, (account) =>
      account.apply('registered').merge({ email, password: PASSWORD })
    ).create()
    cleanup.members.push(member.id)
    return MemberAccount.findByOrFail('member_id', member.id)
  }

  /** From a different address each, so only the account's own counter can stop them. */
  const origin = (i: number) => ({
    ip: `10.77.${Math.floor(i / 250)}.${i % 250}`,
    userAgent: 'test',
  })

  test('thirty simultaneous wrong passwords lock a member account once, with one mail', async ({
    assert,
    cleanup: after,
  }) => {
    const { mails } = mail.fake()
    after(() => mail.restore())
    const account = await registeredMember('parallel@example.jp')

    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        attemptMemberLogin({
          email: 'parallel@example.jp',
          password: `guess ${i}`,
          origin: origin(i),
        })
      )
    )
    const reasons = results.map((result) => (result.ok ? 'ok' : result.reason))
    assert.equal(
      reasons.filter((reason) => reason === 'invalid').length,
      ACCOUNT_LOCK.consecutiveFailures - 1
    )
    assert.equal(
      reasons.filter((reason) => reason === 'locked').length,
      PARALLEL - (ACCOUNT_LOCK.consecutiveFailures - 1)
    )
    await account.refresh()
    assert.isTrue(account.isLockedAt(DateTime.utc()))
    assert.lengthOf(
      await allMails(mails, (message) => message instanceof AccountLockedMail),
      1,
      'exactly one lock mail'
    )

    const right = await attemptMemberLogin({
      email: 'parallel@example.jp',
      password: PASSWORD,
      origin: origin(PARALLEL + 1),
    })
    assert.deepInclude(right, { ok: false, reason: 'locked' })
  })

  test('thirty simultaneous wrong passwords lock a staff account', async ({ assert }) => {
    const staff = await StaffUserFactory.merge({
      loginId: 'parallel1',
      password: PASSWORD,
    }).create()
    cleanup.staff.push(staff.id)

    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        attemptStaffLogin({ loginId: 'parallel1', password: `guess ${i}`, origin: origin(i) })
      )
    )
    const reasons = results.map((result) => (result.ok ? 'ok' : result.reason))
    assert.equal(
      reasons.filter((reason) => reason === 'invalid').length,
      ACCOUNT_LOCK.consecutiveFailures - 1
    )
    await staff.refresh()
    assert.isTrue(staff.isLockedAt(DateTime.utc()))
    const right = await attemptStaffLogin({
      loginId: 'parallel1',
      password: PASSWORD,
      origin: origin(PARALLEL + 1),
    })
    assert.deepInclude(right, { ok: false, reason: 'locked' })
  })

  test('twenty simultaneous wrong passwords from one address: five are checked, the rest throttled', async ({
    assert,
  }) => {
    await registeredMember('one-address@example.jp')
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        attemptMemberLogin({
          email: 'one-address@example.jp',
          password: `guess ${i}`,
          origin: origin(1),
        })
      )
    )
    const reasons = results.map((result) => (result.ok ? 'ok' : result.reason))
    assert.equal(
      reasons.filter((reason) => reason === 'invalid').length,
      RATE_LIMITS.passwordLoginPerAccount.requests
    )
    assert.equal(
      reasons.filter((reason) => reason === 'throttled').length,
      20 - RATE_LIMITS.passwordLoginPerAccount.requests
    )
  })

  test('a success decided on a copy read before a concurrent lock does not undo the lock', async ({
    assert,
  }) => {
    const account = await registeredMember('stale@example.jp')
    const stale = await MemberAccount.findOrFail(account.id)
    const now = DateTime.utc()
    for (let i = 0; i < ACCOUNT_LOCK.consecutiveFailures; i++) {
      await registerFailure(await MemberAccount.findOrFail(account.id), now)
    }

    const accepted = await registerSuccess(stale, now)
    await stale.save()
    assert.isFalse(accepted)
    await account.refresh()
    assert.isTrue(account.isLockedAt(now))
  })

  test('five simultaneous failures on separately loaded copies count five', async ({ assert }) => {
    const account = await registeredMember('race@example.jp')
    const now = DateTime.utc()
    const copies = await Promise.all(
      Array.from({ length: 5 }, () => MemberAccount.findOrFail(account.id))
    )
    await Promise.all(copies.map((copy) => registerFailure(copy, now)))
    await account.refresh()
    assert.equal(account.failedLoginCount, 5)
  })

  test('two simultaneous "sign out other sessions" end each other\'s session too', async ({
    assert,
  }) => {
    const account = await registeredMember('sessions@example.jp')
    const before = account.sessionVersion
    const kept = await Promise.all(
      Array.from({ length: 2 }, async () =>
        signOutOtherSessions(await MemberAccount.findOrFail(account.id))
      )
    )
    // Each request keeps its own session at the version it got: they must differ.
    assert.notEqual(kept[0], kept[1])
    await account.refresh()
    assert.equal(account.sessionVersion, before + 2)
  })

  test('twenty simultaneous wrong log-in codes use up exactly the allowed tries', async ({
    assert,
  }) => {
    const account = await registeredMember('codes@example.jp')
    const code = await issueLoginCode(account.id)
    const wrong = code === '000000' ? '111111' : '000000'

    const results = await Promise.all(
      Array.from({ length: 20 }, () => verifyLoginCode(account.id, wrong))
    )
    assert.equal(
      results.filter((result) => !result.ok && result.reason === 'wrong').length,
      LOGIN_CODE_TRIES - 1
    )
    const token = await OneTimeToken.query()
      .where('member_account_id', account.id)
      .where('purpose', 'login_code')
      .firstOrFail()
    assert.equal(token.attempts, LOGIN_CODE_TRIES)
    assert.isNotNull(token.usedAt)
    assert.deepEqual(await verifyLoginCode(account.id, code), { ok: false, reason: 'none' })
  })

  test('one authenticator code sent twice at once is accepted once', async ({ assert }) => {
    const staff = await StaffUserFactory.create()
    cleanup.staff.push(staff.id)
    const secret = newTotpSecret()
    staff.totpSecretEncrypted = encryptTotpSecret(staff, secret)
    await staff.save()
    const now = Date.now()
    const code = currentCode(secret, now)

    const results = await Promise.all(
      Array.from({ length: 5 }, async () =>
        verifyStaffTotp(await StaffUser.findOrFail(staff.id), code, now)
      )
    )
    assert.lengthOf(
      results.filter((ok) => ok),
      1
    )
  })
})
