import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import AffiliationChangeRequest from '#models/affiliation_change_request'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { AffiliationChangeRequestFactory } from '#database/factories/affiliation_change_request_factory'
import { todayInJapan } from '#domain/common/clock'
import { submitAffiliationRequest } from '#domain/workflows/affiliation_requests'
import { asMember } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberAffiliationRequestsProps } from '#presenters/common/affiliation_requests'
import { route } from '#tests/helpers/routes'

async function memberAt(schoolName = '福井市立明倫中学校') {
  const current = await AffiliationFactory.merge({ name: schoolName }).create()
  const target = await AffiliationFactory.merge({ name: '福井県立藤島高等学校' }).create()
  const member = await MemberFactory.merge({ affiliationId: current.id })
    .with('account', 1, (account) => account.apply('registered'))
    .create()
  const account = await MemberAccount.findByOrFail('member_id', member.id)
  await account.load('member')
  return { member, account, current, target }
}

const nextMonth = () => todayInJapan().plus({ months: 1 }).toISODate()!

test.group('Member affiliation requests (所属変更申請)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('shows the form with the affiliation list and the member’s own requests only', async ({
    client,
    assert,
  }) => {
    const { member, account, target } = await memberAt()
    await AffiliationChangeRequestFactory.merge({
      memberId: member.id,
      requestedAffiliationText: '石川県立金沢泉丘高等学校',
    })
      .apply('rejected')
      .create()
    const other = await MemberFactory.create()
    await AffiliationChangeRequestFactory.merge({ memberId: other.id }).create()

    const response = await asMember(
      client.get(route('member.affiliation_requests.index')),
      account
    ).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/affiliation_requests')
    const props = inertiaProps<MemberAffiliationRequestsProps>(response)
    assert.equal(props.currentAffiliation, '福井市立明倫中学校')
    assert.include(
      props.affiliations.map((a: { id: number }) => a.id),
      target.id
    )
    assert.notInclude(
      props.affiliations.map((a: { id: number }) => a.id),
      member.affiliationId!
    )
    assert.lengthOf(props.requests, 1)
    assert.equal(props.requests[0].statusLabel, '却下')
    assert.include(props.requests[0].decisionNote, '異動の発令が確認できませんでした')
    assert.isFalse(props.hasPending)
  })

  test('not logged in: redirected to the log-in page', async ({ client }) => {
    const response = await client.get(route('member.affiliation_requests.index')).redirects(0)
    response.assertHeader('location', route('public.login.show'))
    const post = await client
      .post(route('member.affiliation_requests.store'))
      .form({})
      .withCsrfToken()
      .redirects(0)
    post.assertHeader('location', route('public.login.show'))
  })

  test('submits a request for a listed affiliation', async ({ client, assert }) => {
    const { member, account, current, target } = await memberAt()
    const response = await asMember(
      client.post(route('member.affiliation_requests.store')),
      account
    )
      .form({
        affiliationId: String(target.id),
        effectiveOn: nextMonth(),
        reason: '4月1日付の人事異動のため',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.affiliation_requests.index'))
    const request = await AffiliationChangeRequest.findByOrFail('member_id', member.id)
    assert.equal(request.status, 'pending')
    assert.equal(request.fromAffiliationId, current.id)
    assert.equal(request.requestedAffiliationId, target.id)
    assert.isNull(request.requestedAffiliationText)
    assert.equal(request.effectiveOn.toISODate(), nextMonth())
    await member.refresh()
    assert.equal(member.affiliationId, current.id, 'nothing changes before staff approve')
  })

  test('submits a free-text request when the school is not listed (full-width date)', async ({
    client,
    assert,
  }) => {
    const { member, account } = await memberAt()
    const date = todayInJapan().plus({ days: 10 })
    const fullWidth = `${date.year}/${date.month}/${date.day}`.replace(/[0-9]/g, (d) =>
      String.fromCharCode(d.charCodeAt(0) + 0xfee0)
    )
    await asMember(client.post(route('member.affiliation_requests.store')), account)
      .form({
        affiliationId: 'other',
        affiliationText: '石川県立金沢泉丘高等学校',
        effectiveOn: fullWidth,
        reason: '県外へ転出するため',
      })
      .withCsrfToken()
      .redirects(0)
    const request = await AffiliationChangeRequest.findByOrFail('member_id', member.id)
    assert.isNull(request.requestedAffiliationId)
    assert.equal(request.requestedAffiliationText, '石川県立金沢泉丘高等学校')
    assert.equal(request.effectiveOn.toISODate(), date.toISODate())
  })

  test('a second request while one is pending is refused', async ({ client, assert }) => {
    const { member, account, target } = await memberAt()
    await AffiliationChangeRequestFactory.merge({ memberId: member.id }).create()
    const response = await asMember(
      client.post(route('member.affiliation_requests.store')),
      account
    )
      .form({ affiliationId: String(target.id), effectiveOn: nextMonth(), reason: '異動' })
      .withCsrfToken()
      .header('referer', route('member.affiliation_requests.index'))
      .redirects(0)
    response.assertHeader('location', route('member.affiliation_requests.index'))
    response.assertFlashMessage(
      'error',
      '申請中の所属変更申請があります。前の申請の結果が出てから、改めて申請してください。'
    )
    assert.lengthOf(await AffiliationChangeRequest.query().where('member_id', member.id), 1)
  })

  test('while one is pending the member is told to wait, whatever the new form names', async ({
    client,
    assert,
  }) => {
    const { member, account, current } = await memberAt()
    await AffiliationChangeRequestFactory.merge({ memberId: member.id }).create()
    // The current affiliation: the answer is the pending request, not "pick another one".
    const response = await asMember(
      client.post(route('member.affiliation_requests.store')),
      account
    )
      .form({ affiliationId: String(current.id), effectiveOn: nextMonth(), reason: '異動' })
      .withCsrfToken()
      .header('referer', route('member.affiliation_requests.index'))
      .redirects(0)
    response.assertFlashMessage(
      'error',
      '申請中の所属変更申請があります。前の申請の結果が出てから、改めて申請してください。'
    )
    assert.lengthOf(await AffiliationChangeRequest.query().where('member_id', member.id), 1)
  })

  test('after a decision a new request is accepted', async ({ client, assert }) => {
    const { member, account, target } = await memberAt()
    await AffiliationChangeRequestFactory.merge({ memberId: member.id }).apply('approved').create()
    await asMember(client.post(route('member.affiliation_requests.store')), account)
      .form({ affiliationId: String(target.id), effectiveOn: nextMonth(), reason: '異動' })
      .withCsrfToken()
      .redirects(0)
    assert.lengthOf(await AffiliationChangeRequest.query().where('member_id', member.id), 2)
  })

  test('two submissions at once: only one pending request is created', async ({ assert }) => {
    const { member, target } = await memberAt()
    const input = {
      affiliationId: target.id,
      affiliationText: null,
      effectiveOn: todayInJapan().plus({ months: 1 }),
      reason: '異動',
    }
    const results = await Promise.all([
      submitAffiliationRequest(member.id, input),
      submitAffiliationRequest(member.id, input),
    ])
    assert.sameMembers(
      results.map((r) => r.ok),
      [true, false]
    )
    assert.lengthOf(
      await AffiliationChangeRequest.query()
        .where('member_id', member.id)
        .where('status', 'pending'),
      1
    )
  })

  const refusals = [
    {
      name: 'no affiliation chosen',
      form: { effectiveOn: '2027-04-01', reason: '異動' },
      field: 'affiliationId',
      message: '新しい所属を選んでください。',
    },
    {
      name: 'a malformed affiliation',
      form: { affiliationId: 'abc', effectiveOn: '2027-04-01', reason: '異動' },
      field: 'affiliationId',
      message: '新しい所属を一覧から選ぶか、「一覧にない」を選んで名称を入力してください。',
    },
    {
      name: '"not listed" without a name',
      form: { affiliationId: 'other', effectiveOn: '2027-04-01', reason: '異動' },
      field: 'affiliationText',
      message: '一覧にない場合は、新しい所属の名称を入力してください。',
    },
    {
      name: 'a name over 200 characters',
      form: {
        affiliationId: 'other',
        affiliationText: 'あ'.repeat(201),
        effectiveOn: '2027-04-01',
        reason: '異動',
      },
      field: 'affiliationText',
      message: '新しい所属の名称は200文字以内で入力してください。',
    },
    {
      name: 'no date',
      form: { affiliationId: 'other', affiliationText: 'A校', reason: '異動' },
      field: 'effectiveOn',
      message: '異動日を入力してください。',
    },
    {
      name: 'an impossible date',
      form: {
        affiliationId: 'other',
        affiliationText: 'A校',
        effectiveOn: '2027-02-30',
        reason: '異動',
      },
      field: 'effectiveOn',
      message: '異動日は「2027-04-01」のように年月日で入力してください。',
    },
    {
      name: 'a date two years ahead',
      form: { affiliationId: 'other', affiliationText: 'A校', reason: '異動' },
      field: 'effectiveOn',
      message: '異動日は1年以内の日付を入力してください。',
      date: () => todayInJapan().plus({ years: 2 }).toISODate()!,
    },
    {
      name: 'no reason',
      form: { affiliationId: 'other', affiliationText: 'A校', effectiveOn: '2027-04-01' },
      field: 'reason',
      message: '申請理由を入力してください。',
    },
    {
      name: 'the current affiliation',
      form: { effectiveOn: '2027-04-01', reason: '異動' },
      field: 'affiliationId',
      message: '現在の所属と同じです。新しい所属を選んでください。',
      current: true,
    },
  ]

  for (const refusal of refusals) {
    test(`refuses ${refusal.name} in Japanese and writes nothing`, async ({ client, assert }) => {
      const { member, account } = await memberAt()
      const form = { ...refusal.form } as Record<string, string>
      if ('date' in refusal && refusal.date) form.effectiveOn = refusal.date()
      if ('current' in refusal) form.affiliationId = String(member.affiliationId)
      if (!('date' in refusal) && form.effectiveOn === '2027-04-01') form.effectiveOn = nextMonth()
      if (refusal.name === 'an impossible date') form.effectiveOn = '2027-02-30'
      const response = await asMember(
        client.post(route('member.affiliation_requests.store')),
        account
      )
        .form(form)
        .withCsrfToken()
        .header('referer', route('member.affiliation_requests.index'))
        .redirects(0)
      response.assertHeader('location', route('member.affiliation_requests.index'))
      assert.equal(fieldErrors(response)[refusal.field], refusal.message)
      assert.lengthOf(await AffiliationChangeRequest.query().where('member_id', member.id), 0)
    })
  }
})
