import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Member from '#models/member'
import ProfileChange from '#models/profile_change'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import { MemberFactory } from '#database/factories/member_factory'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  AFFILIATION_REQUEST_STATUS_LABELS,
  decideAffiliationRequest,
  effectiveDateProblem,
  submitAffiliationRequest,
} from '#domain/workflows/affiliation_requests'

async function affiliationOf(memberId: number) {
  const member = await Member.findOrFail(memberId)
  return member.affiliationId
}

const today = DateTime.fromISO('2026-11-25', { zone: 'Asia/Tokyo' })

test.group('Affiliation requests: effective date window', () => {
  test('from six months back to one year ahead', ({ assert }) => {
    assert.isNull(effectiveDateProblem(DateTime.fromISO('2027-04-01'), today))
    assert.isNull(effectiveDateProblem(DateTime.fromISO('2026-05-25'), today))
    assert.isNull(effectiveDateProblem(DateTime.fromISO('2027-11-25'), today))
    assert.equal(
      effectiveDateProblem(DateTime.fromISO('2026-05-24'), today),
      '異動日は6か月前以降の日付を入力してください。'
    )
    assert.equal(
      effectiveDateProblem(DateTime.fromISO('2027-11-26'), today),
      '異動日は1年以内の日付を入力してください。'
    )
  })

  test('status labels are the ones members read', ({ assert }) => {
    assert.equal(AFFILIATION_REQUEST_STATUS_LABELS.pending, '申請中')
    assert.equal(AFFILIATION_REQUEST_STATUS_LABELS.approved, '承認')
    assert.equal(AFFILIATION_REQUEST_STATUS_LABELS.rejected, '却下')
  })
})

test.group('Affiliation requests: one pending, decided once', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function setup() {
    const from = await AffiliationFactory.merge({ code: 'A1', name: '甲中学校' }).create()
    const to = await AffiliationFactory.merge({ code: 'A2', name: '乙高等学校' }).create()
    const member = await MemberFactory.merge({ affiliationId: from.id }).create()
    const staff = await StaffUserFactory.apply('clerk').create()
    return { from, to, member, staff }
  }
  const input = (affiliationId: number | null) => ({
    affiliationId,
    affiliationText: affiliationId ? null : '丙小学校',
    effectiveOn: DateTime.fromISO('2027-04-01'),
    reason: '異動',
  })

  test('one pending request per member', async ({ assert }) => {
    const { to, member } = await setup()
    const first = await submitAffiliationRequest(member.id, input(to.id))
    assert.isTrue(first.ok)
    const second = await submitAffiliationRequest(member.id, input(null))
    assert.deepEqual(second, { ok: false, problem: 'pending_exists' })
  })

  test('the current affiliation and inactive ones are refused', async ({ assert }) => {
    const { from, member } = await setup()
    const inactive = await AffiliationFactory.apply('inactive').create()
    assert.deepEqual(await submitAffiliationRequest(member.id, input(from.id)), {
      ok: false,
      problem: 'same_affiliation',
    })
    assert.deepEqual(await submitAffiliationRequest(member.id, input(inactive.id)), {
      ok: false,
      problem: 'unknown_affiliation',
    })
  })

  test('the database refuses a second pending row even if the check is bypassed', async ({
    assert,
  }) => {
    const { member } = await setup()
    const row = {
      memberId: member.id,
      requestedAffiliationText: 'X',
      effectiveOn: DateTime.fromISO('2027-04-01'),
      status: 'pending' as const,
    }
    await AffiliationChangeRequest.create(row)
    await assert.rejects(() => AffiliationChangeRequest.create(row))
  })

  test('approval moves the member and records the change; a second decision is refused', async ({
    assert,
  }) => {
    const { to, member, staff } = await setup()
    const submitted = await submitAffiliationRequest(member.id, input(null))
    assert.isTrue(submitted.ok)
    const id = submitted.ok ? submitted.request.id : 0

    const approved = await decideAffiliationRequest(id, staff.id, {
      kind: 'approve',
      affiliationId: to.id,
      note: null,
    })
    assert.isTrue(approved.ok)
    assert.equal(await affiliationOf(member.id), to.id)
    const change = await ProfileChange.findByOrFail('member_id', member.id)
    assert.equal(change.oldValue, 'A1 甲中学校')
    assert.equal(change.newValue, 'A2 乙高等学校')

    const again = await decideAffiliationRequest(id, staff.id, { kind: 'reject', note: 'x' })
    assert.deepEqual(again, { ok: false, problem: 'already_decided' })
    assert.deepEqual(
      await decideAffiliationRequest(999999, staff.id, { kind: 'reject', note: 'x' }),
      { ok: false, problem: 'not_found' }
    )
  })

  test('approval to an unknown affiliation changes nothing', async ({ assert }) => {
    const { from, member, staff } = await setup()
    const submitted = await submitAffiliationRequest(member.id, input(null))
    const id = submitted.ok ? submitted.request.id : 0
    const result = await decideAffiliationRequest(id, staff.id, {
      kind: 'approve',
      affiliationId: 999999,
      note: null,
    })
    assert.deepEqual(result, { ok: false, problem: 'unknown_affiliation' })
    const request = await AffiliationChangeRequest.findOrFail(id)
    assert.equal(request.status, 'pending')
    assert.equal(await affiliationOf(member.id), from.id)
  })
})
