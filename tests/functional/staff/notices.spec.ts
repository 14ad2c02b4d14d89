import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import Notice from '#models/notice'
import MemberAccount from '#models/member_account'
import { NoticeFactory } from '#database/factories/notice_factory'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { nowInJapan } from '#domain/common/clock'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberHomeProps } from '#presenters/member/home'
import type { NoticeFormProps, NoticeListProps } from '#presenters/staff/notices'
import { route } from '#tests/helpers/routes'

const jst = (dt: DateTime) => dt.setZone('Asia/Tokyo').toFormat("yyyy-MM-dd'T'HH:mm")

async function memberHomeTitles(client: any) {
  const member = await MemberFactory.with('account', 1, (a) => a.apply('registered')).create()
  const account = await MemberAccount.findByOrFail('member_id', member.id)
  const response = await asMember(client.get(route('member.home')), account).withInertia()
  return inertiaProps<MemberHomeProps>(response).notices.map((n: { title: string }) => n.title)
}

test.group('Staff notices (お知らせ)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('lists notices with their state', async ({ client, assert }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    await NoticeFactory.merge({ title: '公開中' }).create()
    await NoticeFactory.apply('draft').merge({ title: '下書き' }).create()
    await NoticeFactory.apply('future').merge({ title: '予定' }).create()
    await NoticeFactory.apply('expired').merge({ title: '終了' }).create()
    const response = await asStaff(client.get(route('staff.notices.index')), clerk).withInertia()
    response.assertInertiaComponent('staff/notices/index')
    const props = inertiaProps<NoticeListProps>(response)
    const states = Object.fromEntries(
      props.notices.map((n: { title: string; stateLabel: string }) => [n.title, n.stateLabel])
    )
    assert.deepEqual(states, {
      公開中: '公開中',
      下書き: '非公開',
      予定: '公開予定',
      終了: '掲載終了',
    })
  })

  test('creates a notice with a Japan-time window; members see it only inside it', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const newForm = await asStaff(client.get(route('staff.notices.new')), clerk).withInertia()
    newForm.assertInertiaComponent('staff/notices/form')

    const response = await asStaff(client.post(route('staff.notices.store')), clerk)
      .form({
        title: '年末年始の営業日のお知らせ',
        body: '12月29日から1月4日までお休みします。',
        publishedFrom: '2026-12-01T09:00',
        publishedUntil: '2027-01-05T00:00',
        isPublished: '1',
      })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.notices.index'))
    const notice = await Notice.findByOrFail('title', '年末年始の営業日のお知らせ')
    assert.equal(notice.publishedFrom.toUTC().toISO(), '2026-12-01T00:00:00.000Z')
    assert.equal(notice.publishedUntil!.toUTC().toISO(), '2027-01-04T15:00:00.000Z')
    assert.isTrue(notice.isPublished)
    assert.equal(notice.createdByStaffId, clerk.id)
  })

  test('the member home shows a published notice inside its window only', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const now = nowInJapan()
    await asStaff(client.post(route('staff.notices.store')), clerk)
      .form({
        title: '今のお知らせ',
        body: '本文',
        publishedFrom: jst(now.minus({ hours: 1 })),
        publishedUntil: jst(now.plus({ days: 1 })),
        isPublished: '1',
      })
      .withCsrfToken()
      .redirects(0)
    await asStaff(client.post(route('staff.notices.store')), clerk)
      .form({
        title: '来週のお知らせ',
        body: '本文',
        publishedFrom: jst(now.plus({ days: 7 })),
        isPublished: '1',
      })
      .withCsrfToken()
      .redirects(0)
    await asStaff(client.post(route('staff.notices.store')), clerk)
      .form({ title: '下書きのお知らせ', body: '本文', publishedFrom: jst(now.minus({ days: 1 })) })
      .withCsrfToken()
      .redirects(0)
    assert.deepEqual(await memberHomeTitles(client), ['今のお知らせ'])
  })

  test('edit changes the text and window; unpublish hides it, publish shows it again', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const notice = await NoticeFactory.merge({ title: '旧タイトル' }).create()
    const edit = await asStaff(
      client.get(route('staff.notices.edit', { id: notice.id })),
      clerk
    ).withInertia()
    edit.assertInertiaComponent('staff/notices/form')
    assert.equal(inertiaProps<NoticeFormProps>(edit).notice!.title, '旧タイトル')

    await asStaff(client.post(route('staff.notices.update', { id: notice.id })), clerk)
      .form({
        title: '新タイトル',
        body: '新しい本文',
        publishedFrom: jst(nowInJapan().minus({ days: 2 })),
        isPublished: '1',
      })
      .withCsrfToken()
      .redirects(0)
    await notice.refresh()
    assert.equal(notice.title, '新タイトル')
    assert.deepEqual(await memberHomeTitles(client), ['新タイトル'])

    await asStaff(client.post(route('staff.notices.unpublish', { id: notice.id })), clerk)
      .withCsrfToken()
      .redirects(0)
    await notice.refresh()
    assert.isFalse(notice.isPublished)
    assert.deepEqual(await memberHomeTitles(client), [])

    await asStaff(client.post(route('staff.notices.publish', { id: notice.id })), clerk)
      .withCsrfToken()
      .redirects(0)
    await notice.refresh()
    assert.isTrue(notice.isPublished)
  })

  const refusals = [
    {
      form: { body: '本文', publishedFrom: '2026-12-01T09:00' },
      field: 'title',
      message: 'タイトルを入力してください。',
    },
    {
      form: { title: 'あ'.repeat(201), body: '本文', publishedFrom: '2026-12-01T09:00' },
      field: 'title',
      message: 'タイトルは200文字以内で入力してください。',
    },
    {
      form: { title: 'T', publishedFrom: '2026-12-01T09:00' },
      field: 'body',
      message: '本文を入力してください。',
    },
    {
      form: { title: 'T', body: '本文' },
      field: 'publishedFrom',
      message: '掲載開始日時を入力してください。',
    },
    {
      form: { title: 'T', body: '本文', publishedFrom: '2026-13-01T09:00' },
      field: 'publishedFrom',
      message: '日時は「2026-12-01 09:00」のように入力してください。',
    },
    {
      form: {
        title: 'T',
        body: '本文',
        publishedFrom: '2026-12-01T09:00',
        publishedUntil: 'あした',
      },
      field: 'publishedUntil',
      message: '日時は「2026-12-01 09:00」のように入力してください。',
    },
    {
      form: {
        title: 'T',
        body: '本文',
        publishedFrom: '2026-12-01T09:00',
        publishedUntil: '2026-12-01T08:00',
      },
      field: 'publishedUntil',
      message: '掲載終了日時は掲載開始日時より後にしてください。',
    },
  ]
  refusals.push({
    form: {
      title: 'T',
      body: '本文',
      publishedFrom: '2026-12-01T09:00',
      isPublished: 'maybe',
    } as any,
    field: 'isPublished',
    message: '公開の指定が正しくありません。',
  })
  for (const refusal of refusals) {
    test(`refuses ${refusal.field}: ${refusal.message}`, async ({ client, assert }) => {
      const clerk = await StaffUserFactory.apply('clerk').create()
      const response = await asStaff(client.post(route('staff.notices.store')), clerk)
        .form(refusal.form)
        .withCsrfToken()
        .header('referer', route('staff.notices.new'))
        .redirects(0)
      response.assertHeader('location', route('staff.notices.new'))
      assert.equal(fieldErrors(response)[refusal.field], refusal.message)
      assert.lengthOf(await Notice.all(), 0)
    })
  }

  test('an unknown notice answers 404', async ({ client }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const response = await asStaff(client.get(route('staff.notices.edit', { id: '999999' })), clerk)
    response.assertStatus(404)
  })

  test('an operator is refused (403) on every route and nothing changes', async ({
    client,
    assert,
  }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const notice = await NoticeFactory.merge({ title: '元のまま' }).create()
    for (const url of [
      route('staff.notices.index'),
      route('staff.notices.new'),
      route('staff.notices.edit', { id: notice.id }),
    ]) {
      const response = await asStaff(client.get(url), operator)
      response.assertStatus(403)
      assert.include(response.text(), '権限がありません')
    }
    const form = { title: '改ざん', body: '本文', publishedFrom: '2026-12-01T09:00' }
    for (const url of [
      route('staff.notices.store'),
      route('staff.notices.update', { id: notice.id }),
      route('staff.notices.publish', { id: notice.id }),
      route('staff.notices.unpublish', { id: notice.id }),
    ]) {
      const response = await asStaff(client.post(url), operator).form(form).withCsrfToken()
      response.assertStatus(403)
    }
    const notices = await Notice.all()
    assert.lengthOf(notices, 1)
    assert.equal(notices[0].title, '元のまま')
    assert.isTrue(notices[0].isPublished)
  })

  test('not logged in: sent to the staff log-in', async ({ client }) => {
    const response = await client.get(route('staff.notices.index')).redirects(0)
    response.assertHeader('location', route('staff.login.show'))
  })
})
