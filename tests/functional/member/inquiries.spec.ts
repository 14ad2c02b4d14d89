import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Inquiry from '#models/inquiry'
import InquiryMessage from '#models/inquiry_message'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { InquiryFactory, InquiryMessageFactory } from '#database/factories/inquiry_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asMember } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { inertiaProps } from '#tests/helpers/inertia'
import type {
  MemberInquiryListProps,
  MemberInquiryProps,
  NewInquiryProps,
} from '#presenters/common/inquiries'
import { route } from '#tests/helpers/routes'

async function registeredMember() {
  const member = await MemberFactory.with('account', 1, (account) =>
    account.apply('registered')
  ).create()
  const account = await MemberAccount.findByOrFail('member_id', member.id)
  return { member, account }
}

test.group('Member inquiries (連絡・お問い合わせ)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('lists only the member’s own inquiries, newest first', async ({ client, assert }) => {
    const { member, account } = await registeredMember()
    await InquiryFactory.merge({ memberId: member.id, subject: '出資金の増口について' })
      .apply('answered')
      .create()
    const other = await MemberFactory.create()
    await InquiryFactory.merge({ memberId: other.id, subject: '他人の問い合わせ' }).create()

    const response = await asMember(
      client.get(route('member.inquiries.index')),
      account
    ).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/inquiries/index')
    const props = inertiaProps<MemberInquiryListProps>(response)
    assert.deepEqual(
      props.inquiries.map((i: { subject: string; statusLabel: string }) => [
        i.subject,
        i.statusLabel,
      ]),
      [['出資金の増口について', '回答あり']]
    )
  })

  test('the new-inquiry form offers the categories', async ({ client, assert }) => {
    const { account } = await registeredMember()
    const response = await asMember(
      client.get(route('member.inquiries.new')),
      account
    ).withInertia()
    response.assertInertiaComponent('member/inquiries/new')
    const props = inertiaProps<NewInquiryProps>(response)
    assert.includeDeepMembers(props.categories, [{ value: 'statement', label: '請求明細について' }])
  })

  test('sends an inquiry: thread created with the message, subject from its first line', async ({
    client,
    assert,
  }) => {
    const { member, account } = await registeredMember()
    const response = await asMember(client.post(route('member.inquiries.store')), account)
      .form({ category: 'statement', body: '10月分の請求について\r\n牛乳の数量が違います。' })
      .withCsrfToken()
      .redirects(0)
    const inquiry = await Inquiry.findByOrFail('member_id', member.id)
    response.assertHeader('location', route('member.inquiries.show', { id: inquiry.id }))
    assert.equal(inquiry.status, 'open')
    assert.equal(inquiry.category, 'statement')
    assert.equal(inquiry.subject, '10月分の請求について')
    const messages = await InquiryMessage.query().where('inquiry_id', inquiry.id)
    assert.lengthOf(messages, 1)
    assert.equal(messages[0].authorType, 'member')
    assert.equal(messages[0].body, '10月分の請求について\n牛乳の数量が違います。')
  })

  test('shows the thread with staff replies signed 学生協 (no staff name)', async ({
    client,
    assert,
  }) => {
    const { member, account } = await registeredMember()
    const staff = await StaffUserFactory.apply('operator').merge({ name: '窓口 一郎' }).create()
    const inquiry = await InquiryFactory.merge({ memberId: member.id }).apply('answered').create()
    await InquiryMessageFactory.merge({ inquiryId: inquiry.id, body: '質問です' }).create()
    await InquiryMessageFactory.merge({
      inquiryId: inquiry.id,
      authorType: 'staff',
      staffUserId: staff.id,
      body: '回答です',
    }).create()
    const response = await asMember(
      client.get(route('member.inquiries.show', { id: inquiry.id })),
      account
    ).withInertia()
    response.assertInertiaComponent('member/inquiries/show')
    const props = inertiaProps<MemberInquiryProps>(response)
    assert.deepEqual(
      props.messages.map((m: { author: string; body: string }) => [m.author, m.body]),
      [
        ['あなた', '質問です'],
        ['学生協', '回答です'],
      ]
    )
    assert.notInclude(JSON.stringify(props), '窓口 一郎')
  })

  test('a follow-up message reopens the thread for the co-op', async ({ client, assert }) => {
    const { member, account } = await registeredMember()
    const inquiry = await InquiryFactory.merge({ memberId: member.id }).apply('closed').create()
    const response = await asMember(
      client.post(route('member.inquiries.messages.store', { id: inquiry.id })),
      account
    )
      .form({ body: 'もう一つ質問があります。' })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('member.inquiries.show', { id: inquiry.id }))
    await inquiry.refresh()
    assert.equal(inquiry.status, 'open')
    const messages = await InquiryMessage.query().where('inquiry_id', inquiry.id)
    assert.equal(messages[0].body, 'もう一つ質問があります。')
  })

  test('another member’s inquiry answers 404 to reading and writing', async ({
    client,
    assert,
  }) => {
    const { account } = await registeredMember()
    const other = await MemberFactory.create()
    const inquiry = await InquiryFactory.merge({ memberId: other.id }).create()
    const read = await asMember(
      client.get(route('member.inquiries.show', { id: inquiry.id })),
      account
    )
    read.assertStatus(404)
    const write = await asMember(
      client.post(route('member.inquiries.messages.store', { id: inquiry.id })),
      account
    )
      .form({ body: '割り込み' })
      .withCsrfToken()
    write.assertStatus(404)
    assert.lengthOf(await InquiryMessage.query().where('inquiry_id', inquiry.id), 0)
    const missing = await asMember(
      client.get(route('member.inquiries.show', { id: '999999' })),
      account
    )
    missing.assertStatus(404)
  })

  test('not logged in: every inquiry route sends to the log-in page', async ({ client }) => {
    for (const url of [
      route('member.inquiries.index'),
      route('member.inquiries.new'),
      route('member.inquiries.show', { id: '1' }),
    ]) {
      const response = await client.get(url).redirects(0)
      response.assertHeader('location', route('public.login.show'))
    }
    const post = await client
      .post(route('member.inquiries.store'))
      .form({ category: 'other', body: 'x' })
      .withCsrfToken()
      .redirects(0)
    post.assertHeader('location', route('public.login.show'))
  })

  const refusals = [
    {
      form: { body: '内容です' },
      field: 'category',
      message: 'お問い合わせの種類を選んでください。',
    },
    {
      form: { category: 'gossip', body: '内容です' },
      field: 'category',
      message: 'お問い合わせの種類は選択肢から選んでください。',
    },
    { form: { category: 'other' }, field: 'body', message: 'お問い合わせ内容を入力してください。' },
    {
      form: { category: 'other', body: 'あ'.repeat(2001) },
      field: 'body',
      message: 'お問い合わせ内容は2000文字以内で入力してください。',
    },
  ]
  for (const refusal of refusals) {
    test(`refuses ${refusal.field}: ${refusal.message}`, async ({ client, assert }) => {
      const { member, account } = await registeredMember()
      const response = await asMember(client.post(route('member.inquiries.store')), account)
        .form(refusal.form)
        .withCsrfToken()
        .header('referer', route('member.inquiries.new'))
        .redirects(0)
      response.assertHeader('location', route('member.inquiries.new'))
      assert.equal(fieldErrors(response)[refusal.field], refusal.message)
      assert.lengthOf(await Inquiry.query().where('member_id', member.id), 0)
    })
  }

  test('an empty follow-up is refused and writes nothing', async ({ client, assert }) => {
    const { member, account } = await registeredMember()
    const inquiry = await InquiryFactory.merge({ memberId: member.id }).create()
    const response = await asMember(
      client.post(route('member.inquiries.messages.store', { id: inquiry.id })),
      account
    )
      .form({ body: '   ' })
      .withCsrfToken()
      .header('referer', route('member.inquiries.show', { id: inquiry.id }))
      .redirects(0)
    assert.equal(fieldErrors(response).body, 'メッセージを入力してください。')
    assert.lengthOf(await InquiryMessage.query().where('inquiry_id', inquiry.id), 0)
  })
})
