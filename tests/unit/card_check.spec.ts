import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import CardCheck from '#models/card_check'
import { createRegisteredMember } from '#database/factories/member_factory'
import { issueCardToken } from '#domain/members/membership_card'
import {
  CARD_CHECK_HISTORY_LIMIT,
  cardCheckThrottledMessage,
  checkMembershipCard,
  recentCardChecks,
  tokenFromScan,
} from '#domain/members/card_check'
import { RATE_LIMITS } from '#domain/auth/rate_limits'
import { presentCardCheck } from '#presenters/common/card_check'
import { japanTime, restoreClock, setJapanTime } from '#tests/helpers/clock'

const origin = { ip: '203.0.113.7', userAgent: 'test' }

async function member(extra: Record<string, unknown> = {}) {
  const created = await createRegisteredMember({
    member: { memberNumber: '4567890', name: '確認 花子', nameKana: 'カクニン ハナコ', ...extra },
  })
  return created.member
}

async function statusOf(token: string, from = origin) {
  const outcome = await checkMembershipCard({ token, origin: from })
  return outcome.status
}

/** The check rows, as written by the action. */
async function theCheck() {
  const rows = await CardCheck.all()
  return rows.map((row) => ({ memberId: row.memberId, result: row.result, reason: row.reason }))
}

test.group('Card check: the outcome of checking a card QR', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => restoreClock())

  test('a fresh code of a current member: valid, with the member, recorded', async ({ assert }) => {
    setJapanTime('2026-12-04T10:00:00')
    const m = await member()
    const { token } = issueCardToken('4567890')
    const outcome = await checkMembershipCard({ token, origin })
    assert.equal(outcome.status, 'valid')
    if (outcome.status === 'valid') {
      assert.equal(outcome.member.id, m.id)
      assert.equal(outcome.member.affiliation.id, m.affiliationId)
      assert.equal(outcome.checkedAt.toISO(), japanTime('2026-12-04T10:00:00').toISO())
    }
    assert.deepEqual(await theCheck(), [{ memberId: m.id, result: 'valid', reason: null }])
    const row = await CardCheck.firstOrFail()
    assert.equal(row.ip, '203.0.113.7')
    assert.equal(row.checkedAt.toMillis(), japanTime('2026-12-04T10:00:00').toMillis())
  })

  test('expiry at the exact second: valid one second before, expired at 5:00', async ({
    assert,
  }) => {
    setJapanTime('2026-12-04T10:00:00')
    const m = await member()
    const { token } = issueCardToken('4567890')
    setJapanTime('2026-12-04T10:04:59')
    assert.equal(await statusOf(token), 'valid')
    setJapanTime('2026-12-04T10:05:00')
    const stale = await checkMembershipCard({ token, origin })
    assert.equal(stale.status, 'expired')
    if (stale.status === 'expired') {
      assert.equal(stale.expiredAt.toMillis(), japanTime('2026-12-04T10:05:00').toMillis())
    }
    // The stale code still names its member in the record (the signature proved it).
    const rows = await CardCheck.query().orderBy('id')
    assert.deepEqual(
      rows.map((r) => [r.memberId, r.result]),
      [
        [m.id, 'valid'],
        [m.id, 'expired'],
      ]
    )
  })

  test('withdrawal: valid on the day before the refund, invalid on the refund day itself', async ({
    assert,
  }) => {
    const m = await member({
      withdrawalAcceptedOn: DateTime.fromISO('2026-10-01'),
      refundOn: DateTime.fromISO('2027-03-31'),
    })
    setJapanTime('2027-03-30T23:59:59')
    assert.equal(await statusOf(issueCardToken('4567890').token), 'valid')
    setJapanTime('2027-03-31T00:00:00')
    const outcome = await checkMembershipCard({ token: issueCardToken('4567890').token, origin })
    assert.deepEqual(outcome, {
      status: 'invalid',
      reason: 'withdrawn',
      checkedAt: outcome.status === 'invalid' ? outcome.checkedAt : DateTime.utc(),
    })
    const rows = await CardCheck.query().orderBy('id')
    assert.deepEqual(
      rows.map((r) => [r.memberId, r.result, r.reason]),
      [
        [m.id, 'valid', null],
        [m.id, 'invalid', 'withdrawn'],
      ]
    )
  })

  test('a tampered code: invalid, and nobody is named in the record', async ({ assert }) => {
    await member()
    await member({ memberNumber: '4567891' })
    const { token } = issueCardToken('4567890')
    const forged = token.replace('.4567890.', '.4567891.')
    const outcome = await checkMembershipCard({ token: forged, origin })
    assert.equal(outcome.status, 'invalid')
    assert.equal(outcome.status === 'invalid' && outcome.reason, 'tampered')
    assert.deepEqual(await theCheck(), [{ memberId: null, result: 'invalid', reason: 'tampered' }])
  })

  test('a malformed code (or none): invalid, recorded', async ({ assert }) => {
    for (const token of ['', 'hello', 'MC1.4567890.1.2', 'https://example.com/']) {
      const outcome = await checkMembershipCard({ token, origin })
      assert.equal(outcome.status === 'invalid' && outcome.reason, 'malformed', token)
    }
    const malformed = await CardCheck.query().where('reason', 'malformed')
    assert.lengthOf(malformed, 4)
  })

  test('a signed code of a member number that does not exist: invalid (unknown member)', async ({
    assert,
  }) => {
    const outcome = await checkMembershipCard({ token: issueCardToken('9999999').token, origin })
    assert.equal(outcome.status === 'invalid' && outcome.reason, 'unknown_member')
    assert.deepEqual(await theCheck(), [
      { memberId: null, result: 'invalid', reason: 'unknown_member' },
    ])
  })

  test('30 checks a minute per address; the 31st is refused, not recorded, and says 1分間に30回', async ({
    assert,
  }) => {
    await member()
    const { token } = issueCardToken('4567890')
    for (let i = 0; i < 30; i++) {
      assert.equal(await statusOf(token), 'valid')
    }
    const refused = await checkMembershipCard({ token, origin })
    assert.equal(refused.status, 'throttled')
    assert.lengthOf(await CardCheck.all(), 30)
    // Another address is not affected.
    assert.equal(await statusOf(token, { ...origin, ip: '203.0.113.8' }), 'valid')
    assert.include(cardCheckThrottledMessage(), '1分間に30回')
    assert.equal(presentCardCheck(refused).explanation, cardCheckThrottledMessage())
  })

  test('the staff list is the newest 50 of the member', async ({ assert }) => {
    const m = await member()
    const other = await member({ memberNumber: '4567891' })
    const base = japanTime('2026-12-01T09:00:00')
    for (let i = 0; i < 55; i++) {
      await CardCheck.create({
        memberId: i === 0 ? other.id : m.id,
        result: 'valid',
        reason: null,
        ip: '203.0.113.1',
        checkedAt: base.plus({ minutes: i }),
      })
    }
    const rows = await recentCardChecks(m.id)
    assert.equal(CARD_CHECK_HISTORY_LIMIT, 50)
    assert.lengthOf(rows, 50)
    assert.isTrue(rows.every((r) => r.memberId === m.id))
    assert.equal(rows[0].checkedAt.toMillis(), base.plus({ minutes: 54 }).toMillis())
  })
})

test.group('Card check: what the page may show', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('only 有効 carries the card face: the five items of the plastic card', async ({
    assert,
  }) => {
    const checkedAt = japanTime('2026-12-04T10:00:07')
    const m = await member({ category: 'retired' })
    await m.load('affiliation')
    const valid = presentCardCheck({ status: 'valid', member: m, checkedAt, expiresAt: checkedAt })
    assert.equal(valid.headline, '有効な組合員証です')
    assert.deepEqual(valid.card, {
      name: '確認 花子',
      nameKana: 'カクニン ハナコ',
      memberNumber: '4567890',
      affiliation: m.affiliation.name,
      category: '退職',
    })
    assert.equal(valid.checkedAtLabel, '2026年12月4日 10:00:07')

    const expired = presentCardCheck({ status: 'expired', checkedAt, expiredAt: checkedAt })
    assert.equal(expired.headline, '期限切れです（画面の写しの可能性があります）')
    assert.isNull(expired.card)
    const invalid = presentCardCheck({ status: 'invalid', reason: 'withdrawn', checkedAt })
    assert.equal(invalid.headline, '無効です')
    assert.isNull(invalid.card)
    // 無効 reads the same whatever the reason: a withdrawal is not told to the reader.
    const tampered = presentCardCheck({ status: 'invalid', reason: 'tampered', checkedAt })
    assert.deepEqual(tampered, invalid)
  })

  test('the documented limit: 30 a minute per address', ({ assert }) => {
    assert.deepEqual(RATE_LIMITS.cardCheckPerAddress, {
      requests: 30,
      windowMinutes: 1,
      blockMinutes: 1,
    })
  })
})

test.group('Card check: what the desk scanner typed', () => {
  test('the token is the last path segment of the URL, or the text itself', ({ assert }) => {
    assert.equal(
      tokenFromScan(' http://localhost:3333/card-check/MC1.1.2.3.abc \n'),
      'MC1.1.2.3.abc'
    )
    assert.equal(
      tokenFromScan('https://mypage.example.jp/card-check/MC1.1.2.3.abc?x=1#y'),
      'MC1.1.2.3.abc'
    )
    assert.equal(tokenFromScan('MC1.1.2.3.abc'), 'MC1.1.2.3.abc')
  })
})
