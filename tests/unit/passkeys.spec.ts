import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import MemberPasskey from '#models/member_passkey'
import { createRegisteredMember } from '#database/factories/member_factory'
import { passkeyRegistrationOptions, registerPasskey } from '#domain/auth/passkey_registration'
import { attemptPasskeyLogin, passkeyLoginOptions } from '#domain/auth/passkey_login'
import { removePasskey, renamePasskey } from '#domain/auth/passkey_management'
import { relyingParty, relyingPartyFor } from '#domain/auth/passkey_relying_party'
import { MemorySession, SoftPasskey } from '#tests/helpers/passkey_authenticator'
import { addSoftPasskey, TEST_ORIGIN } from '#tests/helpers/passkeys'
import { advanceClock, restoreClock, setJapanTime } from '#tests/helpers/clock'

/** A log-in ceremony: options into a session, the soft passkey signs, the server verifies. */
async function logInWith(
  key: SoftPasskey,
  bend: Parameters<SoftPasskey['authenticate']>[1] = {},
  origin = TEST_ORIGIN
) {
  const session = new MemorySession()
  const options = await passkeyLoginOptions({ session })
  const response = key.authenticate(options.challenge, bend)
  return { result: await attemptPasskeyLogin({ session, response, origin }), session, response }
}

async function loggedIn(key: SoftPasskey) {
  const { result } = await logInWith(key)
  return result.ok
}

async function loginResult(...args: Parameters<typeof logInWith>) {
  const { result } = await logInWith(...args)
  return result
}

test.group('Passkeys: the relying party', () => {
  test('RP ID and origin come from APP_URL (the quick start: localhost and its port)', ({
    assert,
  }) => {
    assert.deepEqual(relyingPartyFor('https://mypage.example.jp/', undefined), {
      id: 'mypage.example.jp',
      origin: 'https://mypage.example.jp',
      name: '福井県学校生活協同組合',
    })
    assert.include(relyingPartyFor(undefined, 3333), {
      id: 'localhost',
      origin: 'http://localhost:3333',
    })
    assert.equal(relyingParty().origin, process.env.APP_URL)
  })
})

test.group('Passkeys: adding one', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a verified registration stores the public key, counter, transports and name', async ({
    assert,
  }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key, passkey } = await addSoftPasskey(account, 'iPhone')
    const stored = await MemberPasskey.findOrFail(passkey.id)
    assert.equal(stored.credentialId, key.id)
    assert.equal(stored.memberAccountId, account.id)
    assert.equal(stored.name, 'iPhone')
    assert.equal(stored.signCount, 0)
    assert.deepEqual(stored.transports, ['internal'])
    assert.isNull(stored.lastUsedAt)
    assert.isAbove(stored.publicKey.length, 50)
    const audit = await AuditLog.query().where('action', 'member.passkey.add').firstOrFail()
    assert.equal(audit.memberAccountId, account.id)
  })

  test('the options ask for a discoverable, user-verified passkey and exclude the ones held', async ({
    assert,
  }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key } = await addSoftPasskey(account)
    const issued = await passkeyRegistrationOptions({ session: new MemorySession(), account })
    assert.isTrue(issued.ok)
    if (!issued.ok) return
    assert.equal(issued.options.rp.id, 'localhost')
    assert.equal(issued.options.authenticatorSelection?.residentKey, 'required')
    assert.equal(issued.options.authenticatorSelection?.userVerification, 'required')
    assert.deepEqual(
      issued.options.excludeCredentials?.map((credential) => credential.id),
      [key.id]
    )
  })

  test('refused: another origin, a replayed or missing challenge, no user verification', async ({
    assert,
  }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const attempt = async (
      bend: Parameters<SoftPasskey['register']>[1],
      reuse?: { session: MemorySession; challenge: string }
    ) => {
      const session = reuse?.session ?? new MemorySession()
      let challenge = reuse?.challenge
      if (!challenge) {
        const issued = await passkeyRegistrationOptions({ session, account })
        challenge = issued.ok ? issued.options.challenge : ''
      }
      const key = new SoftPasskey(relyingParty())
      const outcome = await registerPasskey({
        session,
        account,
        name: 'x',
        response: key.register(challenge, bend),
        origin: TEST_ORIGIN,
      })
      return { outcome, session, challenge }
    }
    const outcomeOf = async (bend: Parameters<SoftPasskey['register']>[1]) => {
      const { outcome } = await attempt(bend)
      return outcome
    }
    assert.deepEqual(await outcomeOf({ origin: 'https://evil.example' }), {
      ok: false,
      reason: 'rejected',
    })
    assert.deepEqual(await outcomeOf({ userVerified: false }), {
      ok: false,
      reason: 'rejected',
    })
    const first = await attempt({})
    assert.isTrue(first.outcome.ok)
    // The same challenge again (taken from the session by the first answer).
    const again = await attempt({}, { session: first.session, challenge: first.challenge })
    assert.deepEqual(again.outcome, { ok: false, reason: 'expired' })
    assert.lengthOf(await MemberPasskey.query().where('member_account_id', account.id), 1)
  })

  test('at most 10 passkeys per member', async ({ assert }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    for (let i = 0; i < 10; i++) await addSoftPasskey(account, `key ${i}`)
    const issued = await passkeyRegistrationOptions({ session: new MemorySession(), account })
    assert.deepEqual(issued, { ok: false, reason: 'too_many' })
  })
})

test.group('Passkeys: logging in', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => restoreClock())

  test('the right passkey logs the member in; last used, counter and access log recorded', async ({
    assert,
  }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key, passkey } = await addSoftPasskey(account, 'iPhone', { counter: 5 })
    const { result } = await logInWith(key)
    assert.isTrue(result.ok)
    if (!result.ok) return
    assert.equal(result.account.id, account.id)
    await passkey.refresh()
    assert.equal(passkey.signCount, 6)
    assert.isNotNull(passkey.lastUsedAt)
    const entry = await AuditLog.query().where('action', 'member.login_passkey').firstOrFail()
    assert.equal(entry.outcome, 'success')
    assert.equal(entry.memberAccountId, account.id)
    assert.equal(entry.ip, '203.0.113.7')
  })

  test('a passkey that does not count (counter 0) logs in again and again', async ({ assert }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key } = await addSoftPasskey(account)
    assert.isTrue(await loggedIn(key))
    assert.isTrue(await loggedIn(key))
  })

  test('refused: an answer signed for another origin or another RP ID', async ({ assert }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key } = await addSoftPasskey(account)
    const phished = await logInWith(key, { origin: 'https://coop-mypage.example.com' })
    assert.deepEqual(phished.result, { ok: false, reason: 'rejected' })
    const otherRp = await logInWith(key, { rpId: 'example.com' })
    assert.deepEqual(otherRp.result, { ok: false, reason: 'rejected' })
    const entry = await AuditLog.query()
      .where('action', 'member.login_passkey')
      .where('outcome', 'failure')
      .firstOrFail()
    assert.equal(entry.memberAccountId, account.id)
  })

  test('refused: a replayed answer (the challenge is single-use)', async ({ assert }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key } = await addSoftPasskey(account)
    const first = await logInWith(key)
    assert.isTrue(first.result.ok)
    const replay = await attemptPasskeyLogin({
      session: first.session,
      response: first.response,
      origin: TEST_ORIGIN,
    })
    assert.deepEqual(replay, { ok: false, reason: 'expired' })
    // Even into a new session holding a new challenge, the old signature answers the old one.
    const session = new MemorySession()
    await passkeyLoginOptions({ session })
    assert.deepEqual(
      await attemptPasskeyLogin({ session, response: first.response, origin: TEST_ORIGIN }),
      { ok: false, reason: 'rejected' }
    )
  })

  test('the challenge is dead after 5 minutes', async ({ assert }) => {
    setJapanTime('2026-11-20T10:00:00')
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key } = await addSoftPasskey(account)
    const session = new MemorySession()
    const options = await passkeyLoginOptions({ session })
    advanceClock({ minutes: 5, seconds: 1 })
    assert.deepEqual(
      await attemptPasskeyLogin({
        session,
        response: key.authenticate(options.challenge),
        origin: TEST_ORIGIN,
      }),
      { ok: false, reason: 'expired' }
    )
    const onTime = new MemorySession()
    const fresh = await passkeyLoginOptions({ session: onTime })
    advanceClock({ minutes: 5 })
    const result = await attemptPasskeyLogin({
      session: onTime,
      response: key.authenticate(fresh.challenge),
      origin: TEST_ORIGIN,
    })
    assert.isTrue(result.ok)
  })

  test('refused: an unknown passkey, and a removed one', async ({ assert }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const stranger = new SoftPasskey(relyingParty())
    assert.deepEqual(await loginResult(stranger), { ok: false, reason: 'unknown_passkey' })

    const { key, passkey } = await addSoftPasskey(account)
    const removed = await removePasskey({ account, passkeyId: passkey.id, origin: TEST_ORIGIN })
    assert.isTrue(removed.ok)
    assert.deepEqual(await loginResult(key), { ok: false, reason: 'unknown_passkey' })
  })

  test('refused: a counter that went backwards (a cloned authenticator)', async ({ assert }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key, passkey } = await addSoftPasskey(account, 'key', { counter: 10 })
    assert.isTrue(await loggedIn(key))
    assert.deepEqual(await loginResult(key, { counter: 11 }), {
      ok: false,
      reason: 'rejected',
    })
    await passkey.refresh()
    assert.equal(passkey.signCount, 11)
  })

  test('refused: an answer whose user handle names another account', async ({ assert }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key } = await addSoftPasskey(account)
    key.userHandle = Buffer.from('member-account:999999').toString('base64url')
    assert.deepEqual(await loginResult(key), { ok: false, reason: 'rejected' })
  })

  test('refused like a password: withdrawn from the refund date, locked account', async ({
    assert,
  }) => {
    const { account, member } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key } = await addSoftPasskey(account)
    member.merge({
      withdrawalAcceptedOn: DateTime.fromISO('2024-06-01'),
      refundOn: DateTime.fromISO('2025-03-31'),
    })
    await member.save()
    const withdrawn = await loginResult(key)
    assert.equal(withdrawn.ok ? 'ok' : withdrawn.reason, 'withdrawn')

    const { account: lockedAccount } = await createRegisteredMember({ email: 'lock@example.jp' })
    const { key: lockedKey } = await addSoftPasskey(lockedAccount)
    lockedAccount.lockedUntil = DateTime.utc().plus({ minutes: 20 })
    await lockedAccount.save()
    const locked = await loginResult(lockedKey)
    assert.equal(locked.ok ? 'ok' : locked.reason, 'locked')
  })

  test('20 refused log-ins from one address block the next for 15 minutes', async ({ assert }) => {
    const stranger = new SoftPasskey(relyingParty())
    for (let i = 0; i < 20; i++) {
      const { result } = await logInWith(stranger)
      assert.equal(result.ok ? 'ok' : result.reason, 'unknown_passkey')
    }
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { key } = await addSoftPasskey(account)
    const blocked = await loginResult(key)
    assert.equal(blocked.ok ? 'ok' : blocked.reason, 'throttled')
    if (!blocked.ok && blocked.reason === 'throttled') {
      assert.equal(Math.ceil(blocked.retryAfterSeconds / 60), 15)
    }
    // Another address is not blocked.
    const elsewhere = await logInWith(key, {}, { ip: '198.51.100.9', userAgent: 'test' })
    assert.isTrue(elsewhere.result.ok)
  })
})

test.group('Passkeys: renaming and removing', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a member renames and removes only their own passkeys', async ({ assert }) => {
    const { account } = await createRegisteredMember({ email: 'pk@example.jp' })
    const { account: other } = await createRegisteredMember({ email: 'other@example.jp' })
    const { passkey } = await addSoftPasskey(account, 'old name')
    const renamed = await renamePasskey({
      account,
      passkeyId: passkey.id,
      name: 'new name',
      origin: TEST_ORIGIN,
    })
    assert.isTrue(renamed.ok)
    await passkey.refresh()
    assert.equal(passkey.name, 'new name')

    assert.deepEqual(
      await renamePasskey({
        account: other,
        passkeyId: passkey.id,
        name: 'x',
        origin: TEST_ORIGIN,
      }),
      { ok: false, reason: 'not_found' }
    )
    assert.deepEqual(
      await removePasskey({ account: other, passkeyId: passkey.id, origin: TEST_ORIGIN }),
      { ok: false, reason: 'not_found' }
    )
    const removed = await removePasskey({ account, passkeyId: passkey.id, origin: TEST_ORIGIN })
    assert.isTrue(removed.ok)
    assert.isNull(await MemberPasskey.find(passkey.id))
    const actions = await AuditLog.query()
      .whereIn('action', ['member.passkey.rename', 'member.passkey.remove'])
      .select('action')
    assert.sameMembers(
      actions.map((row) => row.action),
      ['member.passkey.rename', 'member.passkey.remove']
    )
  })
})
