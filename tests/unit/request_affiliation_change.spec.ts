import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import { MemberFactory } from '#database/factories/member_factory'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { SUBMIT_PROBLEM_MESSAGES } from '#domain/workflows/affiliation_requests'
import { requestAffiliationChange } from '#domain/workflows/request_affiliation_change'

const today = DateTime.fromISO('2026-11-25', { zone: 'Asia/Tokyo' })

test.group('Request an affiliation change (member form)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  async function setup() {
    const from = await AffiliationFactory.merge({ code: 'A1', name: '甲中学校' }).create()
    const to = await AffiliationFactory.merge({ code: 'A2', name: '乙高等学校' }).create()
    const member = await MemberFactory.merge({ affiliationId: from.id }).create()
    return { from, to, member }
  }
  const form = (affiliationId: string, effectiveOn = '2027-04-01') => ({
    affiliationId,
    affiliationText: affiliationId === 'other' ? '丙小学校' : undefined,
    effectiveOn,
    reason: '異動',
  })

  test('a date outside the window is refused on the date field, nothing is written', async ({
    assert,
  }) => {
    const { to, member } = await setup()
    const outcome = await requestAffiliationChange({
      memberId: member.id,
      input: form(String(to.id), '2026-05-24'),
      today,
    })
    assert.deepEqual(outcome, {
      status: 'invalid',
      field: 'effectiveOn',
      message: '異動日は6か月前以降の日付を入力してください。',
    })
    assert.lengthOf(await AffiliationChangeRequest.all(), 0)
  })

  test('a listed affiliation is requested; a second request waits for the first', async ({
    assert,
  }) => {
    const { to, member } = await setup()
    const first = await requestAffiliationChange({
      memberId: member.id,
      input: form(String(to.id)),
      today,
    })
    assert.equal(first.status, 'requested')
    if (first.status !== 'requested') return
    assert.equal(first.request.requestedAffiliationId, to.id)
    assert.isNull(first.request.requestedAffiliationText)
    assert.equal(first.request.effectiveOn.toISODate(), '2027-04-01')

    const second = await requestAffiliationChange({
      memberId: member.id,
      input: form('other'),
      today,
    })
    assert.deepEqual(second, {
      status: 'pending_exists',
      message: SUBMIT_PROBLEM_MESSAGES.pending_exists,
    })
  })

  test('"other" keeps the typed name; the current affiliation is refused on its field', async ({
    assert,
  }) => {
    const { from, member } = await setup()
    const same = await requestAffiliationChange({
      memberId: member.id,
      input: form(String(from.id)),
      today,
    })
    assert.deepEqual(same, {
      status: 'invalid',
      field: 'affiliationId',
      message: SUBMIT_PROBLEM_MESSAGES.same_affiliation,
    })

    const typed = await requestAffiliationChange({
      memberId: member.id,
      input: form('other'),
      today,
    })
    assert.equal(typed.status, 'requested')
    if (typed.status !== 'requested') return
    assert.isNull(typed.request.requestedAffiliationId)
    assert.equal(typed.request.requestedAffiliationText, '丙小学校')
  })
})
