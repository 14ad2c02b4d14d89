import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { refundDateFor, withdrawalState } from '#domain/members/withdrawal'
import { fiscalYearOf } from '#domain/common/clock'

const day = (iso: string) => DateTime.fromISO(iso, { zone: 'Asia/Tokyo' })

test.group('Withdrawal: refund on March 31 of the fiscal year the notice was accepted in', () => {
  test('{accepted} -> {refund}')
    .with([
      { accepted: '2026-04-01', refund: '2027-03-31' },
      { accepted: '2026-10-01', refund: '2027-03-31' },
      { accepted: '2027-03-31', refund: '2027-03-31' },
      { accepted: '2027-01-15', refund: '2027-03-31' },
      { accepted: '2026-03-31', refund: '2026-03-31' },
    ])
    .run(({ assert }, { accepted, refund }) => {
      assert.equal(refundDateFor(day(accepted)).toISODate(), refund)
    })

  test('fiscal years run April to March', ({ assert }) => {
    assert.equal(fiscalYearOf(day('2026-03-31')), 2025)
    assert.equal(fiscalYearOf(day('2026-04-01')), 2026)
  })

  test('access continues until the refund date, and ends on it', ({ assert }) => {
    const member = { refundOn: DateTime.fromISO('2027-03-31') }
    assert.equal(withdrawalState(member, day('2027-03-30')).kind, 'pending')
    assert.equal(withdrawalState(member, day('2027-03-31')).kind, 'withdrawn')
    assert.equal(withdrawalState(member, day('2027-04-01')).kind, 'withdrawn')
    assert.equal(withdrawalState({ refundOn: null }, day('2027-04-01')).kind, 'none')
  })
})
