import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import router from '@adonisjs/core/services/router'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import MemberAccount from '#models/member_account'
import PasswordResetMail from '#mails/password_reset_mail'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { createOutboxMail } from '#database/factories/mail_outbox_factory'
import { requestPasswordReset } from '#domain/auth/password_reset'
import { RATE_LIMITS } from '#domain/auth/rate_limits'
import { startRegistration } from '#domain/members/registration'
import { REVEALS_PER_HOUR } from '#domain/desk/phone_desk'
import { allMails, lastSent } from '#tests/helpers/mails'
import { asStaff } from '#tests/helpers/sessions'
import { asVerifiedStaff } from '#tests/helpers/phone_desk'
import type { MemberPageProps } from '#presenters/staff/members'
import type { DeskMemberProps } from '#presenters/staff/phone_desk'
import { inertiaProps } from '#tests/helpers/inertia'
import type { StaffDashboardPageProps } from '#presenters/staff/dashboard'

const RESET_REQUESTS_PER_EMAIL = RATE_LIMITS.passwordResetPerEmail.requests

const url = (name: string, params?: Record<string, number>, qs?: Record<string, string>) =>
  router.makeUrl(name, params, qs ? { qs } : undefined)

const ADDRESS = 'tanaka.hanako@example.jp'
const MASKED = 't************@example.jp'
const REFUSAL = `550 5.1.1 <${ADDRESS}>: Recipient address rejected: User unknown`

/** A registered member with one mail of each outcome the desk has to explain. */
async function memberWithMails() {
  const { member, account } = await createRegisteredMember({ email: ADDRESS })
  const at = (minutes: number) => DateTime.utc().minus({ minutes })
  await createOutboxMail({
    memberId: member.id,
    kind: 'registration_complete',
    recipient: ADDRESS,
    status: 'sent',
    createdAt: at(60),
  })
  await createOutboxMail({
    memberId: member.id,
    kind: 'password_reset',
    recipient: ADDRESS,
    status: 'failed',
    smtpResponse: REFUSAL,
    createdAt: at(30),
  })
  await createOutboxMail({
    memberId: member.id,
    kind: 'login_code',
    recipient: ADDRESS,
    status: 'queued',
    attempts: 1,
    smtpResponse: '421 4.7.0 Try again later',
    createdAt: at(5),
  })
  return { member, account }
}

const reason = { reason: 'other', note: '登録完了メールが届かない' }

test.group('Mail history on the staff member page', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('{role} sees every mail with a masked address, its state and the server answer')
    .with([{ role: 'operator' as const }, { role: 'clerk' as const }, { role: 'admin' as const }])
    .run(async ({ client, assert }, { role }) => {
      const { member } = await memberWithMails()
      const staff = await StaffUserFactory.apply(role).create()
      const response = await asStaff(
        client.get(url('staff.members.show', { id: member.id }, { tab: 'mails' })),
        staff
      ).withInertia()
      response.assertStatus(200)
      const props = inertiaProps<MemberPageProps>(response)
      const rows = props.mails!.rows
      assert.deepEqual(
        rows.map((row) => [row.kindLabel, row.stateLabel]),
        [
          ['ログイン認証コード', '再送待ち（一時的なエラー）'],
          ['パスワード再登録のご案内', '送信できませんでした'],
          ['ログイン登録完了のお知らせ', '送信済み'],
        ]
      )
      assert.isTrue(rows.every((row) => row.recipient === MASKED))
      assert.equal(
        rows[1].serverAnswer,
        `550 5.1.1 <${MASKED}>: Recipient address rejected: User unknown`
      )
      assert.include(rows[1].explanation, 'メールアドレスが誤っている可能性があります')
      assert.include(rows[2].explanation, 'メールサーバーが受け付けました')
      assert.include(rows[2].explanation, '@kmypage.jp')
      assert.equal(rows[0].serverAnswer, '421 4.7.0 Try again later')
      assert.match(rows[2].queuedAt, /^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
      assert.isTrue(
        rows.every((row) => row.resend === null),
        'resends are the desk’s'
      )
      assert.notInclude(JSON.stringify(props), ADDRESS)
      assert.include(
        props.tabs.map((tab) => tab.label),
        'メール送信履歴'
      )
    })

  test('each view is audited as a read, without addresses', async ({ client, assert }) => {
    const { member } = await memberWithMails()
    const operator = await StaffUserFactory.apply('operator').create()
    for (let i = 0; i < 2; i++) {
      await asStaff(
        client.get(url('staff.members.show', { id: member.id }, { tab: 'mails' })),
        operator
      )
    }
    const entries = await AuditLog.query()
      .where('action', 'staff.member.mail_history')
      .where('member_id', member.id)
    assert.lengthOf(entries, 2)
    for (const entry of entries) {
      assert.equal(entry.staffUserId, operator.id)
      assert.equal(entry.outcome, 'success')
      assert.notInclude(JSON.stringify(entry.serialize()), 'example.jp')
    }
    const audit = await asStaff(
      client.get(url('staff.members.show', { id: member.id }, { tab: 'audit' })),
      await StaffUserFactory.apply('admin').create()
    ).withInertia()
    const labels = inertiaProps<MemberPageProps>(audit).audit!.map((a) => a.action)
    assert.include(labels, 'メール送信履歴の閲覧（組合員詳細）')
  })
})

test.group('Mail history at the phone desk', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('an operator sees it only once the caller is verified, each view audited', async ({
    client,
    assert,
  }) => {
    const { member } = await memberWithMails()
    const operator = await StaffUserFactory.apply('operator').create()
    const deskUrl = url('staff.phone_desk.show', { id: member.id })

    const before = await asStaff(client.get(deskUrl), operator).withInertia()
    assert.isNull(inertiaProps<DeskMemberProps>(before).mails)
    assert.notInclude(before.text(), 'example.jp')
    const other = await createRegisteredMember()
    const elsewhere = await asVerifiedStaff(
      client.get(deskUrl),
      operator,
      other.member.id
    ).withInertia()
    assert.isNull(inertiaProps<DeskMemberProps>(elsewhere).mails, 'another member')
    assert.lengthOf(await AuditLog.query().where('action', 'staff.phone_desk.mail_history'), 0)

    const after = await asVerifiedStaff(client.get(deskUrl), operator, member.id).withInertia()
    const mails = inertiaProps<DeskMemberProps>(after).mails!
    assert.deepEqual(
      mails.rows.map((row) => row.state),
      ['retrying', 'failed', 'sent']
    )
    assert.equal(mails.rows[0].recipient, MASKED)
    assert.isNotNull(mails.rows[1].resend, 'a failed reset mail can be sent again')
    assert.isNull(mails.rows[2].resend)
    assert.notInclude(JSON.stringify(after.inertiaProps), ADDRESS)

    const entry = await AuditLog.query()
      .where('action', 'staff.phone_desk.mail_history')
      .firstOrFail()
    assert.equal(entry.memberId, member.id)
    assert.equal(entry.staffUserId, operator.id)
    assert.notInclude(entry.detailsJson ?? '', 'example.jp')
    assert.sameMembers(JSON.parse(entry.detailsJson!).matched, [
      'memberNumber',
      'birthDate',
      'phone',
    ])
  })

  test('a clerk cannot open the desk; an admin can, like an operator', async ({
    client,
    assert,
  }) => {
    const { member } = await memberWithMails()
    const clerk = await StaffUserFactory.apply('clerk').create()
    const deskUrl = url('staff.phone_desk.show', { id: member.id })
    const refused = await asVerifiedStaff(client.get(deskUrl), clerk, member.id)
    refused.assertStatus(403)
    const resend = await asVerifiedStaff(
      client.post(url('staff.phone_desk.reset_mail', { id: member.id })),
      clerk,
      member.id
    )
      .form(reason)
      .withCsrfToken()
    resend.assertStatus(403)

    const admin = await StaffUserFactory.apply('admin').create()
    const page = await asVerifiedStaff(client.get(deskUrl), admin, member.id).withInertia()
    assert.lengthOf(inertiaProps<DeskMemberProps>(page).mails!.rows, 3)
  })

  test('reset guidance goes to the registered address, audited without it', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member } = await memberWithMails()
    const operator = await StaffUserFactory.apply('operator').create()
    const response = await asVerifiedStaff(
      client.post(url('staff.phone_desk.reset_mail', { id: member.id })),
      operator,
      member.id
    )
      .form(reason)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', url('staff.phone_desk.show', { id: member.id }))
    assert.include(response.flashMessage('success'), 'パスワード再設定のご案内を')
    const sent = await lastSent(mails, PasswordResetMail)
    assert.equal(sent.recipient, ADDRESS)
    assert.match(sent.url, /\/password\/reset\/[\w-]+$/)

    const entry = await AuditLog.query()
      .where('action', 'staff.phone_desk.send_reset_mail')
      .firstOrFail()
    assert.equal(entry.outcome, 'success')
    assert.equal(entry.staffUserId, operator.id)
    const stored = JSON.stringify(entry.serialize())
    assert.notInclude(stored, 'example.jp')
    assert.notInclude(stored, sent.url.split('/').pop()!)

    const page = await asVerifiedStaff(
      client.get(url('staff.phone_desk.show', { id: member.id })),
      operator,
      member.id
    ).withInertia()
    const rows = inertiaProps<DeskMemberProps>(page).mails!.rows
    assert.equal(rows[0].kindLabel, 'パスワード再登録のご案内')
    assert.equal(rows[0].state, 'sent')
  })

  test('reset guidance needs a verified caller and a registered member', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member } = await memberWithMails()
    const operator = await StaffUserFactory.apply('operator').create()
    const unverified = await asStaff(
      client.post(url('staff.phone_desk.reset_mail', { id: member.id })),
      operator
    )
      .form(reason)
      .withCsrfToken()
      .redirects(0)
    assert.include(unverified.flashMessage('error'), 'もう一度本人確認をしてください')

    const { member: newcomer } = await createUnregisteredMember()
    const unregistered = await asVerifiedStaff(
      client.post(url('staff.phone_desk.reset_mail', { id: newcomer.id })),
      operator,
      newcomer.id
    )
      .form(reason)
      .withCsrfToken()
      .redirects(0)
    assert.include(unregistered.flashMessage('error'), 'まだログイン登録をしていない')

    const noReason = await asVerifiedStaff(
      client.post(url('staff.phone_desk.reset_mail', { id: member.id })),
      operator,
      member.id
    )
      .form({})
      .withCsrfToken()
      .redirects(0)
    noReason.assertStatus(302)
    assert.lengthOf(await allMails(mails), 0)
    assert.lengthOf(await AuditLog.query().where('action', 'staff.phone_desk.send_reset_mail'), 0)
  })

  test('reset guidance shares the public limit per address, and the refusal is audited', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member } = await memberWithMails()
    // The member already asked on the public form RESET_REQUESTS_PER_EMAIL - 1 times.
    for (let i = 0; i < RESET_REQUESTS_PER_EMAIL - 1; i++) {
      await requestPasswordReset({
        memberNumber: member.memberNumber,
        email: ADDRESS,
        birthDate: member.birthDate,
        origin: { ip: '192.0.2.10', userAgent: null },
      })
    }
    const operator = await StaffUserFactory.apply('operator').create()
    const post = () =>
      asVerifiedStaff(
        client.post(url('staff.phone_desk.reset_mail', { id: member.id })),
        operator,
        member.id
      )
        .form(reason)
        .withCsrfToken()
        .redirects(0)
    const accepted = await post()
    assert.include(accepted.flashMessage('success'), 'パスワード再設定のご案内を')
    const refused = await post()
    assert.include(refused.flashMessage('error'), `1時間に${RESET_REQUESTS_PER_EMAIL}回まで`)
    assert.lengthOf(
      await allMails(mails, (sent) => sent instanceof PasswordResetMail),
      RESET_REQUESTS_PER_EMAIL
    )
    const outcomes = await AuditLog.query()
      .where('action', 'staff.phone_desk.send_reset_mail')
      .orderBy('id')
    assert.deepEqual(
      outcomes.map((entry) => entry.outcome),
      ['success', 'failure']
    )
  })

  test('reset guidance counts toward the operator’s hourly desk limit', async ({
    client,
    assert,
  }) => {
    mail.fake()
    const { member } = await memberWithMails()
    const operator = await StaffUserFactory.apply('operator').create()
    for (let i = 0; i < REVEALS_PER_HOUR; i++) {
      await limiter
        .use({ requests: REVEALS_PER_HOUR, duration: '1 hour' })
        .consume(`phone-desk-reveal:${operator.id}`)
    }
    const refused = await asVerifiedStaff(
      client.post(url('staff.phone_desk.reset_mail', { id: member.id })),
      operator,
      member.id
    )
      .form(reason)
      .withCsrfToken()
      .redirects(0)
    assert.include(refused.flashMessage('error'), '表示の上限')
    assert.exists(await AuditLog.query().where('action', 'staff.phone_desk.rate_limited').first())
  })

  test('a pending registration’s confirmation mail offers the existing resend', async ({
    client,
    assert,
  }) => {
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    await startRegistration({
      accountId: account.id,
      email: 'waiting@example.jp',
      password: 'blue umbrella on sunday',
      origin: { ip: '127.0.0.1', userAgent: null },
    })
    const operator = await StaffUserFactory.apply('operator').create()
    const page = await asVerifiedStaff(
      client.get(url('staff.phone_desk.show', { id: member.id })),
      operator,
      member.id
    ).withInertia()
    const rows = inertiaProps<DeskMemberProps>(page).mails!.rows
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].kindLabel, 'ログイン登録の確認')
    assert.equal(rows[0].recipient, 'w******@example.jp')
    assert.equal(rows[0].resend?.accessKey, 'm')
  })
})

test.group('Failed mails on the staff dashboard', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('counts and lists the failed mails of the last 24 hours, linking to the member', async ({
    client,
    assert,
  }) => {
    const { member } = await createRegisteredMember({ email: ADDRESS })
    const now = DateTime.utc()
    const failed = (at: DateTime) =>
      createOutboxMail({
        memberId: member.id,
        recipient: ADDRESS,
        status: 'failed',
        smtpResponse: REFUSAL,
        createdAt: at.minus({ minutes: 1 }),
        updatedAt: at,
      })
    const inside = await failed(now.minus({ hours: 24 }).plus({ minutes: 5 }))
    await failed(now.minus({ hours: 24, minutes: 5 }))
    await createOutboxMail({ memberId: member.id, recipient: ADDRESS, status: 'sent' })

    for (const role of ['operator', 'clerk', 'admin'] as const) {
      const staff = await StaffUserFactory.apply(role).create()
      const response = await asStaff(client.get(url('staff.dashboard')), staff).withInertia()
      const props = inertiaProps<StaffDashboardPageProps>(response).failedMails
      assert.equal(props.hours, 24)
      assert.equal(props.count, 1)
      assert.deepEqual(
        props.mails.map((row) => row.id),
        [inside]
      )
      assert.equal(props.mails[0].recipient, MASKED)
      assert.include(props.mails[0].serverAnswer!, MASKED)
      assert.equal(props.mails[0].member!.memberNumber, member.memberNumber)
      assert.equal(
        props.mails[0].member!.href,
        url('staff.members.show', { id: member.id }, { tab: 'mails' })
      )
      assert.notInclude(JSON.stringify(props), ADDRESS)
    }
  })
})
