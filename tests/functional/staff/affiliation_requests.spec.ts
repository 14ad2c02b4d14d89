import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import AuditLog from '#models/audit_log'
import Member from '#models/member'
import ProfileChange from '#models/profile_change'
import { MemberFactory } from '#database/factories/member_factory'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { AffiliationChangeRequestFactory } from '#database/factories/affiliation_change_request_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { decideAffiliationRequest } from '#domain/workflows/affiliation_requests'
import AffiliationRequestDecidedMail from '#mails/affiliation_request_decided_mail'
import { asStaff } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { inertiaProps } from '#tests/helpers/inertia'
import type {
  AffiliationRequestDetailProps,
  AffiliationRequestQueueProps,
} from '#presenters/staff/affiliation_request_queue'
import { route } from '#tests/helpers/routes'

async function affiliationOf(memberId: number) {
  const member = await Member.findOrFail(memberId)
  return member.affiliationId
}

async function pendingRequest(options: { freeText?: boolean; registered?: boolean } = {}) {
  const from = await AffiliationFactory.merge({ code: 'S001', name: '福井市立明倫中学校' }).create()
  const to = await AffiliationFactory.merge({ code: 'S002', name: '福井県立藤島高等学校' }).create()
  const member = await MemberFactory.merge({ affiliationId: from.id, name: '山田 花子' })
    .with('account', 1, (account) =>
      options.registered === false
        ? account.apply('unregistered')
        : account.apply('registered').merge({ email: 'hanako@example.jp' })
    )
    .create()
  const request = await AffiliationChangeRequestFactory.merge({
    memberId: member.id,
    fromAffiliationId: from.id,
    requestedAffiliationId: options.freeText ? null : to.id,
    requestedAffiliationText: options.freeText ? '石川県立金沢泉丘高等学校' : null,
  }).create()
  return { from, to, member, request }
}

test.group('Staff affiliation requests (所属変更申請)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the queue lists pending requests, filtered by status, affiliation and date', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request, to } = await pendingRequest()
    const other = await MemberFactory.create()
    const decided = await AffiliationChangeRequestFactory.merge({ memberId: other.id })
      .apply('approved')
      .create()

    const response = await asStaff(
      client.get(route('staff.affiliation_requests.index')),
      clerk
    ).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('staff/affiliation_requests/index')
    let props = inertiaProps<AffiliationRequestQueueProps>(response)
    assert.deepEqual(
      props.requests.map((r: { id: number }) => r.id),
      [request.id]
    )
    assert.equal(props.requests[0].memberName, '山田 花子')
    assert.equal(props.requests[0].statusLabel, '申請中')

    const approved = await asStaff(
      client.get(`${route('staff.affiliation_requests.index')}?status=approved`),
      clerk
    ).withInertia()
    props = inertiaProps<AffiliationRequestQueueProps>(approved)
    assert.deepEqual(
      props.requests.map((r: { id: number }) => r.id),
      [decided.id]
    )

    const byAffiliation = await asStaff(
      client.get(`${route('staff.affiliation_requests.index')}?status=all&affiliationId=${to.id}`),
      clerk
    ).withInertia()
    props = inertiaProps<AffiliationRequestQueueProps>(byAffiliation)
    assert.deepEqual(
      props.requests.map((r: { id: number }) => r.id),
      [request.id]
    )
    assert.equal(props.filters.status, 'all')

    const future = await asStaff(
      client.get(`${route('staff.affiliation_requests.index')}?status=all&from=2099-01-01`),
      clerk
    ).withInertia()
    assert.lengthOf(inertiaProps<AffiliationRequestQueueProps>(future).requests, 0)
  })

  test('the queue is paginated and the links keep the filters', async ({ client, assert }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const members = await MemberFactory.createMany(21)
    for (const member of members) {
      await AffiliationChangeRequestFactory.merge({ memberId: member.id })
        .apply('rejected')
        .create()
    }
    const first = await asStaff(
      client.get(`${route('staff.affiliation_requests.index')}?status=rejected`),
      clerk
    ).withInertia()
    const props = inertiaProps<AffiliationRequestQueueProps>(first)
    assert.lengthOf(props.requests, 20)
    assert.equal(props.pagination.total, 21)
    assert.equal(
      props.pagination.nextUrl,
      `${route('staff.affiliation_requests.index')}?status=rejected&page=2`
    )
    const second = await asStaff(client.get(props.pagination.nextUrl!), clerk).withInertia()
    assert.lengthOf(inertiaProps<AffiliationRequestQueueProps>(second).requests, 1)
  })

  test('approving updates the affiliation, writes the history, mails the member', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request, to, member } = await pendingRequest()

    const detail = await asStaff(
      client.get(route('staff.affiliation_requests.show', { id: request.id })),
      clerk
    ).withInertia()
    detail.assertInertiaComponent('staff/affiliation_requests/show')
    assert.equal(
      inertiaProps<AffiliationRequestDetailProps>(detail).request.requestedAffiliationId,
      to.id
    )

    const response = await asStaff(
      client.post(route('staff.affiliation_requests.approve', { id: request.id })),
      clerk
    )
      .form({ affiliationId: String(to.id), note: '' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.affiliation_requests.show', { id: request.id }))

    await request.refresh()
    assert.equal(request.status, 'approved')
    assert.equal(request.decidedByStaffId, clerk.id)
    assert.isNotNull(request.decidedAt)
    const fresh = await Member.findOrFail(member.id)
    assert.equal(fresh.affiliationId, to.id)
    const change = await ProfileChange.query().where('member_id', member.id).firstOrFail()
    assert.equal(change.field, 'affiliation')
    assert.equal(change.oldValue, 'S001 福井市立明倫中学校')
    assert.equal(change.newValue, 'S002 福井県立藤島高等学校')
    assert.equal(change.changedByType, 'staff')
    assert.equal(change.changedByStaffId, clerk.id)
    mails.assertSent(AffiliationRequestDecidedMail, (message) => {
      message.message.assertTo('hanako@example.jp')
      message.message.assertSubject('【学校生協マイページ】所属変更申請を承認しました')
      message.message.assertTextIncludes('福井県立藤島高等学校')
      return true
    })
    const audit = await AuditLog.findByOrFail('action', 'staff.affiliation_request.approve')
    assert.equal(audit.staffUserId, clerk.id)
  })

  test('a free-text request is approved to the affiliation staff pick', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request, member } = await pendingRequest({ freeText: true })
    const actual = await AffiliationFactory.merge({ name: '石川県立金沢泉丘高等学校' }).create()

    const missing = await asStaff(
      client.post(route('staff.affiliation_requests.approve', { id: request.id })),
      clerk
    )
      .form({})
      .withCsrfToken()
      .header('referer', route('staff.affiliation_requests.show', { id: request.id }))
      .redirects(0)
    assert.equal(fieldErrors(missing).affiliationId, '変更後の所属を一覧から選んでください。')
    await request.refresh()
    assert.equal(request.status, 'pending')

    await asStaff(
      client.post(route('staff.affiliation_requests.approve', { id: request.id })),
      clerk
    )
      .form({ affiliationId: String(actual.id) })
      .withCsrfToken()
      .redirects(0)
    await request.refresh()
    assert.equal(request.status, 'approved')
    assert.equal(request.requestedAffiliationId, actual.id)
    assert.equal(await affiliationOf(member.id), actual.id)
  })

  test('approving to an inactive or unknown affiliation is refused', async ({ client, assert }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request } = await pendingRequest({ freeText: true })
    const inactive = await AffiliationFactory.apply('inactive').create()
    const response = await asStaff(
      client.post(route('staff.affiliation_requests.approve', { id: request.id })),
      clerk
    )
      .form({ affiliationId: String(inactive.id) })
      .withCsrfToken()
      .redirects(0)
    assert.equal(fieldErrors(response).affiliationId, '変更後の所属を一覧から選んでください。')
    await request.refresh()
    assert.equal(request.status, 'pending')
  })

  test('rejecting needs a reason, keeps the affiliation, mails the reason', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request, member, from } = await pendingRequest()

    const noReason = await asStaff(
      client.post(route('staff.affiliation_requests.reject', { id: request.id })),
      clerk
    )
      .form({ reason: '  ' })
      .withCsrfToken()
      .header('referer', route('staff.affiliation_requests.show', { id: request.id }))
      .redirects(0)
    assert.equal(
      fieldErrors(noReason).reason,
      '却下の理由を入力してください（組合員にメールでお知らせします）。'
    )
    await request.refresh()
    assert.equal(request.status, 'pending')
    mails.assertNoneSent()

    await asStaff(
      client.post(route('staff.affiliation_requests.reject', { id: request.id })),
      clerk
    )
      .form({ reason: '異動の発令が確認できませんでした。' })
      .withCsrfToken()
      .redirects(0)
    await request.refresh()
    assert.equal(request.status, 'rejected')
    assert.equal(request.decisionNote, '異動の発令が確認できませんでした。')
    assert.equal(await affiliationOf(member.id), from.id)
    assert.lengthOf(await ProfileChange.all(), 0)
    mails.assertSent(AffiliationRequestDecidedMail, (message) => {
      message.message.assertSubject('【学校生協マイページ】所属変更申請の結果のお知らせ')
      message.message.assertTextIncludes('異動の発令が確認できませんでした。')
      return true
    })
  })

  test('over-long notes and reasons are refused in Japanese and nothing is decided', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request, to } = await pendingRequest()
    const approve = await asStaff(
      client.post(route('staff.affiliation_requests.approve', { id: request.id })),
      clerk
    )
      .form({ affiliationId: String(to.id), note: 'あ'.repeat(501) })
      .withCsrfToken()
      .header('referer', route('staff.affiliation_requests.show', { id: request.id }))
      .redirects(0)
    assert.equal(fieldErrors(approve).note, 'メモは500文字以内で入力してください。')
    const reject = await asStaff(
      client.post(route('staff.affiliation_requests.reject', { id: request.id })),
      clerk
    )
      .form({ reason: 'あ'.repeat(501) })
      .withCsrfToken()
      .header('referer', route('staff.affiliation_requests.show', { id: request.id }))
      .redirects(0)
    assert.equal(fieldErrors(reject).reason, '却下の理由は500文字以内で入力してください。')
    await request.refresh()
    assert.equal(request.status, 'pending')
  })

  test('a request is decided once: a second decision is refused with a message', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request, to, member } = await pendingRequest()
    await asStaff(
      client.post(route('staff.affiliation_requests.reject', { id: request.id })),
      clerk
    )
      .form({ reason: '確認できませんでした。' })
      .withCsrfToken()
      .redirects(0)
    const second = await asStaff(
      client.post(route('staff.affiliation_requests.approve', { id: request.id })),
      clerk
    )
      .form({ affiliationId: String(to.id) })
      .withCsrfToken()
      .redirects(0)
    second.assertFlashMessage(
      'error',
      'この申請はすでに処理済みです。最新の状態を確認してください。'
    )
    await request.refresh()
    assert.equal(request.status, 'rejected')
    assert.notEqual(await affiliationOf(member.id), to.id)
    assert.lengthOf(mails.sent(), 1)
  })

  test('two decisions at the same moment: exactly one wins', async ({ assert }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request, to } = await pendingRequest()
    const results = await Promise.all([
      decideAffiliationRequest(request.id, clerk.id, {
        kind: 'approve',
        affiliationId: to.id,
        note: null,
      }),
      decideAffiliationRequest(request.id, clerk.id, { kind: 'reject', note: '重複' }),
    ])
    assert.sameMembers(
      results.map((r) => r.ok),
      [true, false]
    )
    const loser = results.find((r) => !r.ok)
    assert.deepEqual(loser, { ok: false, problem: 'already_decided' })
  })

  test('a member without a registered e-mail is not mailed; the decision stands', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { request, to } = await pendingRequest({ registered: false })
    const response = await asStaff(
      client.post(route('staff.affiliation_requests.approve', { id: request.id })),
      clerk
    )
      .form({ affiliationId: String(to.id) })
      .withCsrfToken()
      .redirects(0)
    mails.assertNoneSent()
    response.assertFlashMessage(
      'success',
      '承認しました。組合員はメールアドレス未登録のため、メールは送信していません。'
    )
    await request.refresh()
    assert.equal(request.status, 'approved')
  })

  test('an unknown request answers 404', async ({ client }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const response = await asStaff(
      client.get(route('staff.affiliation_requests.show', { id: '999999' })),
      clerk
    )
    response.assertStatus(404)
    const post = await asStaff(
      client.post(route('staff.affiliation_requests.reject', { id: '999999' })),
      clerk
    )
      .form({ reason: 'x' })
      .withCsrfToken()
    post.assertStatus(404)
  })

  test('an admin may decide too', async ({ client, assert }) => {
    mail.fake()
    const admin = await StaffUserFactory.apply('admin').create()
    const { request } = await pendingRequest()
    await asStaff(
      client.post(route('staff.affiliation_requests.reject', { id: request.id })),
      admin
    )
      .form({ reason: '理由' })
      .withCsrfToken()
      .redirects(0)
    await request.refresh()
    assert.equal(request.status, 'rejected')
  })

  test('an operator is refused (403) on every route and nothing changes', async ({
    client,
    assert,
  }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const { request, to } = await pendingRequest()
    for (const url of [
      route('staff.affiliation_requests.index'),
      route('staff.affiliation_requests.show', { id: request.id }),
    ]) {
      const response = await asStaff(client.get(url), operator)
      response.assertStatus(403)
      assert.include(response.text(), '権限がありません')
    }
    for (const [action, form] of [
      ['approve', { affiliationId: String(to.id) }],
      ['reject', { reason: '理由' }],
    ] as const) {
      const response = await asStaff(
        client.post(route(`staff.affiliation_requests.${action}`, { id: request.id })),
        operator
      )
        .form(form)
        .withCsrfToken()
      response.assertStatus(403)
    }
    await request.refresh()
    assert.equal(request.status, 'pending')
  })

  test('not logged in: sent to the staff log-in', async ({ client }) => {
    const response = await client.get(route('staff.affiliation_requests.index')).redirects(0)
    response.assertHeader('location', route('staff.login.show'))
  })
})
