import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import Affiliation from '#models/affiliation'
import Member from '#models/member'
import StaffUser from '#models/staff_user'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import ProfileChange from '#models/profile_change'
import { MemberFactory } from '#database/factories/member_factory'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  decideAffiliationRequest,
  submitAffiliationRequest,
} from '#domain/workflows/affiliation_requests'

/*
 * Without the global transaction: each call gets its own connection and transaction (on
 * PostgreSQL really in parallel), as two browser tabs or two staff would. Rows are removed
 * afterwards.
 */
test.group('Affiliation requests under real concurrency', (group) => {
  let cleanup: { members: number[]; affiliations: number[]; staff: number[] }
  group.each.setup(() => {
    cleanup = { members: [], affiliations: [], staff: [] }
    return async () => {
      await ProfileChange.query().whereIn('member_id', cleanup.members).delete()
      await AffiliationChangeRequest.query().whereIn('member_id', cleanup.members).delete()
      await Member.query().whereIn('id', cleanup.members).delete()
      await Affiliation.query().whereIn('id', cleanup.affiliations).delete()
      await StaffUser.query().whereIn('id', cleanup.staff).delete()
    }
  })

  async function setup() {
    const from = await AffiliationFactory.create()
    const to = await AffiliationFactory.create()
    const member = await MemberFactory.merge({ affiliationId: from.id }).create()
    const staff = await StaffUserFactory.apply('clerk').create()
    cleanup.members.push(member.id)
    cleanup.affiliations.push(from.id, to.id)
    cleanup.staff.push(staff.id)
    return { to, member, staff }
  }

  test('five simultaneous submissions create one pending request', async ({ assert }) => {
    const { to, member } = await setup()
    const input = {
      affiliationId: to.id,
      affiliationText: null,
      effectiveOn: DateTime.fromISO('2027-04-01'),
      reason: '異動',
    }
    const results = await Promise.all(
      Array.from({ length: 5 }, () => submitAffiliationRequest(member.id, input))
    )
    assert.lengthOf(
      results.filter((r) => r.ok),
      1
    )
    for (const refused of results.filter((r) => !r.ok)) {
      assert.deepEqual(refused, { ok: false, problem: 'pending_exists' })
    }
    const pending = await AffiliationChangeRequest.query()
      .where('member_id', member.id)
      .where('status', 'pending')
    assert.lengthOf(pending, 1)
  })

  test('simultaneous decisions: exactly one applies, one history row', async ({ assert }) => {
    const { to, member, staff } = await setup()
    const submitted = await submitAffiliationRequest(member.id, {
      affiliationId: to.id,
      affiliationText: null,
      effectiveOn: DateTime.fromISO('2027-04-01'),
      reason: '異動',
    })
    const id = submitted.ok ? submitted.request.id : 0
    const results = await Promise.all([
      decideAffiliationRequest(id, staff.id, { kind: 'approve', affiliationId: to.id, note: null }),
      decideAffiliationRequest(id, staff.id, { kind: 'approve', affiliationId: to.id, note: null }),
      decideAffiliationRequest(id, staff.id, { kind: 'reject', note: '重複' }),
    ])
    assert.lengthOf(
      results.filter((r) => r.ok),
      1
    )
    const request = await AffiliationChangeRequest.findOrFail(id)
    const changes = await ProfileChange.query().where('member_id', member.id)
    assert.lengthOf(changes, request.status === 'approved' ? 1 : 0)
  })
})
