import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import mail from '@adonisjs/mail/services/main'
import AuditLog from '#models/audit_log'
import Inquiry from '#models/inquiry'
import InquiryMessage from '#models/inquiry_message'
import { MemberFactory } from '#database/factories/member_factory'
import { InquiryFactory, InquiryMessageFactory } from '#database/factories/inquiry_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import InquiryRepliedMail from '#mails/inquiry_replied_mail'
import { asStaff } from '#tests/helpers/sessions'
import { fieldErrors } from '#tests/helpers/form_errors'
import { inertiaProps } from '#tests/helpers/inertia'
import type { InquiryInboxProps, StaffInquiryThreadProps } from '#presenters/staff/inquiry_inbox'
import { route } from '#tests/helpers/routes'

async function openThread(options: { registered?: boolean } = {}) {
  const member = await MemberFactory.merge({ name: '山田 花子' })
    .with('account', 1, (account) =>
      options.registered === false
        ? account.apply('unregistered')
        : account.apply('registered').merge({ email: 'hanako@example.jp' })
    )
    .create()
  const inquiry = await InquiryFactory.merge({
    memberId: member.id,
    subject: '請求明細の金額について',
  }).create()
  await InquiryMessageFactory.merge({ inquiryId: inquiry.id, body: '金額が違います。' }).create()
  return { member, inquiry }
}

test.group('Staff inquiries inbox (お問い合わせ)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => mail.restore())

  test('the inbox lists unfinished threads, filtered by status and assignee', async ({
    client,
    assert,
  }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const colleague = await StaffUserFactory.apply('operator').create()
    const { inquiry } = await openThread()
    const member = await MemberFactory.create()
    const mine = await InquiryFactory.merge({ memberId: member.id, assignedStaffId: operator.id })
      .apply('answered')
      .create()
    const theirs = await InquiryFactory.merge({
      memberId: member.id,
      assignedStaffId: colleague.id,
    }).create()
    const closed = await InquiryFactory.merge({ memberId: member.id }).apply('closed').create()

    const ids = async (url: string) => {
      const response = await asStaff(client.get(url), operator).withInertia()
      response.assertStatus(200)
      response.assertInertiaComponent('staff/inquiries/index')
      const props = inertiaProps<InquiryInboxProps>(response)
      return props.inquiries.map((i: { id: number }) => i.id)
    }
    assert.sameMembers(await ids(route('staff.inquiries.index')), [inquiry.id, mine.id, theirs.id])
    assert.sameMembers(await ids(`${route('staff.inquiries.index')}?status=closed`), [closed.id])
    assert.sameMembers(await ids(`${route('staff.inquiries.index')}?status=open`), [
      inquiry.id,
      theirs.id,
    ])
    assert.sameMembers(await ids(`${route('staff.inquiries.index')}?assignee=me`), [mine.id])
    assert.sameMembers(await ids(`${route('staff.inquiries.index')}?assignee=none`), [inquiry.id])
    assert.sameMembers(await ids(`${route('staff.inquiries.index')}?assignee=${colleague.id}`), [
      theirs.id,
    ])
    assert.sameMembers(await ids(`${route('staff.inquiries.index')}?status=all`), [
      inquiry.id,
      mine.id,
      theirs.id,
      closed.id,
    ])
  })

  test('the thread shows the member and every message', async ({ client, assert }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const { inquiry } = await openThread()
    const response = await asStaff(
      client.get(route('staff.inquiries.show', { id: inquiry.id })),
      operator
    ).withInertia()
    response.assertInertiaComponent('staff/inquiries/show')
    const props = inertiaProps<StaffInquiryThreadProps>(response)
    assert.equal(props.inquiry.memberName, '山田 花子')
    assert.deepEqual(
      props.messages.map((m: { author: string; body: string }) => [m.author, m.body]),
      [['組合員：山田 花子', '金額が違います。']]
    )
    const read = await AuditLog.query()
      .where('action', 'staff.inquiry.view')
      .where('staff_user_id', operator.id)
      .firstOrFail()
    assert.equal(read.memberId, inquiry.memberId)
  })

  test('a reply is stored, answers the thread and mails the member without the text', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const operator = await StaffUserFactory.apply('operator').create()
    const { inquiry } = await openThread()
    const reply = '確認いたしました。10月分を訂正します。秘密の内容'
    const response = await asStaff(
      client.post(route('staff.inquiries.reply', { id: inquiry.id })),
      operator
    )
      .form({ body: reply })
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', route('staff.inquiries.show', { id: inquiry.id }))

    await inquiry.refresh()
    assert.equal(inquiry.status, 'answered')
    assert.equal(inquiry.assignedStaffId, operator.id, 'the replying staff takes the thread')
    const staffMessage = await InquiryMessage.query()
      .where('inquiry_id', inquiry.id)
      .where('author_type', 'staff')
      .firstOrFail()
    assert.equal(staffMessage.body, reply)
    assert.equal(staffMessage.staffUserId, operator.id)

    mails.assertSent(InquiryRepliedMail, (message) => {
      message.message.assertTo('hanako@example.jp')
      message.message.assertTextIncludes('ログインして')
      message.message.assertTextIncludes(route('member.inquiries.show', { id: inquiry.id }))
      assert.notInclude(message.message.toJSON().message.text as string, '秘密の内容')
      assert.notInclude(message.message.toJSON().message.html as string, '秘密の内容')
      return true
    })
  })

  test('a member without a registered e-mail gets no mail; the reply is kept', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const operator = await StaffUserFactory.apply('operator').create()
    const { inquiry } = await openThread({ registered: false })
    await asStaff(client.post(route('staff.inquiries.reply', { id: inquiry.id })), operator)
      .form({ body: '回答です。' })
      .withCsrfToken()
      .redirects(0)
    mails.assertNoneSent()
    await inquiry.refresh()
    assert.equal(inquiry.status, 'answered')
  })

  test('an empty or too long reply is refused, nothing stored, nothing mailed', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const operator = await StaffUserFactory.apply('operator').create()
    const { inquiry } = await openThread()
    for (const [body, message] of [
      ['', '回答を入力してください。'],
      ['あ'.repeat(2001), '回答は2000文字以内で入力してください。'],
    ]) {
      const response = await asStaff(
        client.post(route('staff.inquiries.reply', { id: inquiry.id })),
        operator
      )
        .form({ body })
        .withCsrfToken()
        .header('referer', route('staff.inquiries.show', { id: inquiry.id }))
        .redirects(0)
      assert.equal(fieldErrors(response).body, message)
    }
    assert.lengthOf(await InquiryMessage.query().where('author_type', 'staff'), 0)
    mails.assertNoneSent()
    await inquiry.refresh()
    assert.equal(inquiry.status, 'open')
  })

  test('assign to me, to a colleague, to nobody; a clerk cannot be assigned', async ({
    client,
    assert,
  }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const colleague = await StaffUserFactory.apply('operator').create()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { inquiry } = await openThread()
    const assign = (assignee: string) =>
      asStaff(client.post(route('staff.inquiries.assign', { id: inquiry.id })), operator)
        .form({ assignee })
        .withCsrfToken()
        .header('referer', route('staff.inquiries.show', { id: inquiry.id }))
        .redirects(0)

    await assign('me')
    await inquiry.refresh()
    assert.equal(inquiry.assignedStaffId, operator.id)
    await assign(String(colleague.id))
    await inquiry.refresh()
    assert.equal(inquiry.assignedStaffId, colleague.id)
    const refused = await assign(String(clerk.id))
    assert.equal(fieldErrors(refused).assignee, 'お問い合わせを担当できる職員を選んでください。')
    await inquiry.refresh()
    assert.equal(inquiry.assignedStaffId, colleague.id)
    const malformed = await assign('somebody')
    assert.equal(fieldErrors(malformed).assignee, '担当者の形式が正しくありません。')
    await assign('none')
    await inquiry.refresh()
    assert.isNull(inquiry.assignedStaffId)
  })

  test('close and reopen; closing twice is refused with a message', async ({ client, assert }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const { inquiry } = await openThread()
    const post = async (action: 'close' | 'reopen', flashKey: string, message: string) => {
      const response = await asStaff(
        client.post(route(`staff.inquiries.${action}`, { id: inquiry.id })),
        operator
      )
        .withCsrfToken()
        .redirects(0)
      response.assertFlashMessage(flashKey, message)
    }

    await post('close', 'success', 'お問い合わせを完了にしました。')
    await inquiry.refresh()
    assert.equal(inquiry.status, 'closed')
    await post('close', 'error', 'このお問い合わせはすでに完了になっています。')
    await post('reopen', 'success', 'お問い合わせを再開しました。')
    await inquiry.refresh()
    assert.equal(inquiry.status, 'open')
    await post('reopen', 'error', 'このお問い合わせは完了になっていないため、再開できません。')
  })

  test('an unknown thread answers 404', async ({ client }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const read = await asStaff(
      client.get(route('staff.inquiries.show', { id: '999999' })),
      operator
    )
    read.assertStatus(404)
    const post = await asStaff(
      client.post(route('staff.inquiries.reply', { id: '999999' })),
      operator
    )
      .form({ body: 'x' })
      .withCsrfToken()
    post.assertStatus(404)
  })

  test('a clerk is refused (403) on every route and nothing changes', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const { inquiry } = await openThread()
    for (const url of [
      route('staff.inquiries.index'),
      route('staff.inquiries.show', { id: inquiry.id }),
    ]) {
      const response = await asStaff(client.get(url), clerk)
      response.assertStatus(403)
      assert.include(response.text(), '権限がありません')
    }
    for (const [action, form] of [
      ['reply', { body: '回答' }],
      ['assign', { assignee: 'me' }],
      ['close', {}],
      ['reopen', {}],
    ] as const) {
      const response = await asStaff(
        client.post(route(`staff.inquiries.${action}`, { id: inquiry.id })),
        clerk
      )
        .form(form)
        .withCsrfToken()
      response.assertStatus(403)
    }
    const fresh = await Inquiry.findOrFail(inquiry.id)
    assert.equal(fresh.status, 'open')
    assert.isNull(fresh.assignedStaffId)
    assert.lengthOf(await InquiryMessage.query().where('author_type', 'staff'), 0)
    mails.assertNoneSent()
  })

  test('not logged in: sent to the staff log-in', async ({ client }) => {
    const response = await client.get(route('staff.inquiries.index')).redirects(0)
    response.assertHeader('location', route('staff.login.show'))
  })
})
