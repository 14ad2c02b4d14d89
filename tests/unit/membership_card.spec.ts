import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import {
  CARD_TOKEN_TTL_SECONDS,
  cardAvailability,
  issueCardToken,
  verifyCardToken,
} from '#domain/members/membership_card'

const now = DateTime.fromISO('2026-11-25T05:00:00Z', { zone: 'utc' })

test.group('Membership card QR token', () => {
  test('a fresh token verifies and names the member', ({ assert }) => {
    const issued = issueCardToken('1000001', { now })
    assert.match(issued.token, /^MC1\.1000001\.\d+\.\d+\.[\w-]+$/)
    const check = verifyCardToken(issued.token, { now: now.plus({ minutes: 4 }) })
    assert.isTrue(check.ok)
    if (check.ok) {
      assert.equal(check.memberNumber, '1000001')
      assert.equal(check.expiresAt.toSeconds() - check.issuedAt.toSeconds(), CARD_TOKEN_TTL_SECONDS)
    }
  })

  test('it expires after five minutes', ({ assert }) => {
    const { token } = issueCardToken('1000001', { now })
    assert.deepEqual(verifyCardToken(token, { now: now.plus({ seconds: 299 }) }).ok, true)
    const stale = verifyCardToken(token, { now: now.plus({ seconds: 300 }) })
    assert.deepInclude(stale, { ok: false, reason: 'expired', memberNumber: '1000001' })
    assert.equal(
      !stale.ok && stale.reason === 'expired' && stale.expiresAt.toSeconds(),
      Math.floor(now.toSeconds()) + 300
    )
  })

  test('a changed member number, expiry or signature is refused', ({ assert }) => {
    const { token } = issueCardToken('1000001', { now })
    const [prefix, number, issued, expires, sig] = token.split('.')
    const otherMember = [prefix, '1000002', issued, expires, sig].join('.')
    const longerLife = [prefix, number, issued, String(Number(expires) + 3600), sig].join('.')
    const flipped = sig[0] === 'A' ? 'B' : 'A'
    const badSignature = [prefix, number, issued, expires, flipped + sig.slice(1)].join('.')
    for (const forged of [otherMember, longerLife, badSignature]) {
      assert.deepEqual(verifyCardToken(forged, { now }), { ok: false, reason: 'tampered' })
    }
  })

  test('a token signed with another key is refused', ({ assert }) => {
    const { token } = issueCardToken('1000001', { now, secret: 'another application key!!' })
    assert.deepEqual(verifyCardToken(token, { now }), { ok: false, reason: 'tampered' })
  })

  test('garbage is malformed', ({ assert }) => {
    for (const value of ['', '1000001', 'MC1.a.b.c.d', 'XX1.1000001.1.2.abc', 'MC1.1.2.3']) {
      assert.deepEqual(verifyCardToken(value, { now }), { ok: false, reason: 'malformed' })
    }
  })
})

test.group('Membership card availability', () => {
  const today = DateTime.fromObject({ year: 2026, month: 11, day: 25 }, { zone: 'Asia/Tokyo' })

  test('members have the card, also while a refund is pending', ({ assert }) => {
    assert.deepEqual(cardAvailability({ refundOn: null }, today), {
      available: true,
      refundOn: null,
    })
    const pending = cardAvailability({ refundOn: DateTime.fromISO('2027-03-31') }, today)
    assert.isTrue(pending.available)
    assert.equal(pending.refundOn?.toISODate(), '2027-03-31')
  })

  test('from the refund date on the card is gone', ({ assert }) => {
    assert.isFalse(cardAvailability({ refundOn: DateTime.fromISO('2026-03-31') }, today).available)
    const refundDay = DateTime.fromObject({ year: 2027, month: 3, day: 31 }, { zone: 'Asia/Tokyo' })
    assert.isFalse(
      cardAvailability({ refundOn: DateTime.fromISO('2027-03-31') }, refundDay).available
    )
  })
})
