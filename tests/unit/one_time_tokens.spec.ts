import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { createHash } from 'node:crypto'
import { DateTime } from 'luxon'
import OneTimeToken from '#models/one_time_token'
import { MemberFactory } from '#database/factories/member_factory'
import MemberAccount from '#models/member_account'
import {
  checkLinkToken,
  claimToken,
  issueLinkToken,
  issueLoginCode,
  verifyLoginCode,
} from '#domain/auth/one_time_tokens'
import { LOGIN_CODE_TRIES } from '#domain/auth/rate_limits'

async function reasonOf(check: Promise<{ ok: boolean; reason?: string }>) {
  const result = await check
  return result.ok ? 'ok' : result.reason
}

async function account() {
  const member = await MemberFactory.with('account', 1, (a) => a.apply('registered')).create()
  return MemberAccount.findByOrFail('member_id', member.id)
}

test.group('One-time tokens', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a link token is stored only as its SHA-256', async ({ assert }) => {
    const { id } = await account()
    const plain = await issueLinkToken(id, 'password_reset')
    const row = await OneTimeToken.findByOrFail('member_account_id', id)
    assert.notEqual(row.tokenHash, plain)
    assert.equal(row.tokenHash, createHash('sha256').update(plain).digest('hex'))
    assert.equal(await reasonOf(checkLinkToken('password_reset', plain)), 'ok')
  })

  test('expires after its lifetime: 60 minutes for a reset, 24 hours for registration', async ({
    assert,
  }) => {
    const { id } = await account()
    const reset = await issueLinkToken(id, 'password_reset')
    const now = DateTime.utc()
    assert.equal(
      await reasonOf(checkLinkToken('password_reset', reset, now.plus({ minutes: 59 }))),
      'ok'
    )
    assert.deepEqual(await checkLinkToken('password_reset', reset, now.plus({ minutes: 61 })), {
      ok: false,
      reason: 'expired',
    })
    const registration = await issueLinkToken(id, 'registration')
    assert.equal(
      await reasonOf(checkLinkToken('registration', registration, now.plus({ hours: 23 }))),
      'ok'
    )
    assert.equal(
      await reasonOf(checkLinkToken('registration', registration, now.plus({ hours: 25 }))),
      'expired'
    )
  })

  test('is single use, and a newer token replaces the older one', async ({ assert }) => {
    const { id } = await account()
    const first = await issueLinkToken(id, 'email_change')
    const second = await issueLinkToken(id, 'email_change')
    assert.equal(await reasonOf(checkLinkToken('email_change', first)), 'used')
    const check = await checkLinkToken('email_change', second)
    assert.isTrue(check.ok)
    if (check.ok) {
      assert.isTrue(await claimToken(check.token))
      assert.isFalse(await claimToken(check.token), 'a second claim fails')
    }
    assert.equal(await reasonOf(checkLinkToken('email_change', second)), 'used')
  })

  test('a token of another purpose or a made-up value is unknown', async ({ assert }) => {
    const { id } = await account()
    const plain = await issueLinkToken(id, 'registration')
    assert.equal(await reasonOf(checkLinkToken('password_reset', plain)), 'unknown')
    assert.equal(await reasonOf(checkLinkToken('registration', 'x'.repeat(43))), 'unknown')
    assert.equal(await reasonOf(checkLinkToken('registration', '../etc')), 'unknown')
  })

  test('a log-in code has 6 digits, lasts 10 minutes and dies after 5 wrong tries', async ({
    assert,
  }) => {
    const { id } = await account()
    const code = await issueLoginCode(id)
    assert.match(code, /^\d{6}$/)
    const row = await OneTimeToken.query().where('purpose', 'login_code').firstOrFail()
    assert.notInclude(row.tokenHash, code)
    assert.equal(
      await reasonOf(verifyLoginCode(id, code, DateTime.utc().plus({ minutes: 11 }))),
      'expired'
    )
    const wrong = code === '000000' ? '111111' : '000000'
    for (let i = 1; i < LOGIN_CODE_TRIES; i++) {
      assert.deepEqual(await verifyLoginCode(id, wrong), {
        ok: false,
        reason: 'wrong',
        attemptsLeft: LOGIN_CODE_TRIES - i,
      })
    }
    assert.equal(await reasonOf(verifyLoginCode(id, wrong)), 'exhausted')
    // Even the right code no longer works.
    assert.notEqual(await reasonOf(verifyLoginCode(id, code)), 'ok')
  })

  test('the right code works once', async ({ assert }) => {
    const { id } = await account()
    const code = await issueLoginCode(id)
    assert.deepEqual(await verifyLoginCode(id, code), { ok: true })
    assert.notEqual(await reasonOf(verifyLoginCode(id, code)), 'ok')
  })
})
