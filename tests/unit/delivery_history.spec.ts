import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { MemberFactory } from '#database/factories/member_factory'
import { createOutboxMail } from '#database/factories/mail_outbox_factory'
import {
  FAILED_LIST_LIMIT,
  HISTORY_DAYS,
  HISTORY_LIMIT,
  mailDelayFor,
  mailHistoryOf,
  maskAddressesIn,
  recentlyFailedMails,
  resendableMails,
} from '#domain/mail/delivery_history'

test.group('Mail delivery history', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('each state reads as the desk says it, addresses masked, newest first', async ({
    assert,
  }) => {
    const member = await MemberFactory.create()
    const at = (minutes: number) => DateTime.utc().minus({ minutes })
    await createOutboxMail({ memberId: member.id, status: 'sent', createdAt: at(50) })
    await createOutboxMail({
      memberId: member.id,
      kind: 'password_reset',
      status: 'failed',
      smtpResponse: '550 5.1.1 <taro@example.jp>: Recipient address rejected',
      createdAt: at(40),
    })
    await createOutboxMail({
      memberId: member.id,
      kind: 'login_code',
      status: 'queued',
      attempts: 2,
      smtpResponse: 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:2',
      createdAt: at(30),
    })
    await createOutboxMail({
      memberId: member.id,
      kind: 'login_code',
      status: 'expired',
      smtpResponse: '有効期限までに送信できなかったため、送信を取りやめました。',
      createdAt: at(20),
    })
    await createOutboxMail({
      memberId: member.id,
      kind: 'login_code',
      status: 'queued',
      createdAt: at(10),
    })
    const other = await MemberFactory.create()
    await createOutboxMail({ memberId: other.id, createdAt: at(5) })

    const history = await mailHistoryOf(member.id)
    assert.deepEqual(
      history.map((mail) => mail.state),
      ['queued', 'expired', 'retrying', 'failed', 'sent']
    )
    const [queued, expired, retrying, failed, sent] = history
    assert.equal(sent.kindLabel, 'ログイン登録完了のお知らせ')
    assert.equal(sent.recipient, 't***@example.jp')
    assert.equal(sent.stateLabel, '送信済み')
    assert.include(sent.explanation, 'メールサーバーが受け付けました')
    assert.include(sent.explanation, '@kmypage.jp')
    assert.isNotNull(sent.sentAt)

    assert.equal(failed.stateLabel, '送信できませんでした')
    assert.include(failed.explanation, 'メールアドレスが誤っている可能性があります')
    assert.equal(failed.serverAnswer, '550 5.1.1 <t***@example.jp>: Recipient address rejected')
    assert.equal(failed.resend, 'reset_mail')

    assert.equal(retrying.stateLabel, '再送待ち（一時的なエラー）')
    assert.equal(retrying.serverAnswer, 'ECONNREFUSED connect ECONNREFUSED 127.0.0.1:2')
    assert.equal(retrying.attempts, 2)
    assert.isNull(retrying.resend)

    assert.include(expired.explanation, '有効期限')
    assert.equal(queued.stateLabel, '送信待ち')
    assert.isNull(queued.serverAnswer)
  })

  test('the history is bounded: the newest HISTORY_LIMIT of the last HISTORY_DAYS days', async ({
    assert,
  }) => {
    const member = await MemberFactory.create()
    const now = DateTime.utc()
    await createOutboxMail({
      memberId: member.id,
      createdAt: now.minus({ days: HISTORY_DAYS, minutes: 1 }),
    })
    for (let i = 0; i < HISTORY_LIMIT + 2; i++) {
      await createOutboxMail({ memberId: member.id, createdAt: now.minus({ minutes: i }) })
    }
    const history = await mailHistoryOf(member.id, now)
    assert.lengthOf(history, HISTORY_LIMIT)
    assert.isTrue(history[0].queuedAt >= history[HISTORY_LIMIT - 1].queuedAt)
    assert.isTrue(history.every((mail) => mail.queuedAt >= now.minus({ days: HISTORY_DAYS })))
  })

  test('failed mails of the last 24 hours: at the boundary in, a second older out', async ({
    assert,
  }) => {
    const member = await MemberFactory.merge({
      memberNumber: '1234567',
      name: '山田 太郎',
    }).create()
    const now = DateTime.utc().startOf('second')
    const failedAt = (value: DateTime) =>
      createOutboxMail({
        memberId: member.id,
        status: 'failed',
        smtpResponse: '550 no such user',
        createdAt: value.minus({ minutes: 5 }),
        updatedAt: value,
      })
    const inside = await failedAt(now.minus({ hours: 24 }))
    await failedAt(now.minus({ hours: 24, seconds: 1 }))
    await createOutboxMail({ memberId: member.id, status: 'sent', updatedAt: now })
    await createOutboxMail({ memberId: null, status: 'failed', updatedAt: now.minus({ hours: 1 }) })

    const failed = await recentlyFailedMails(now)
    assert.equal(failed.count, 2)
    assert.deepEqual(
      failed.mails.map((mail) => mail.member?.memberNumber ?? null),
      [null, '1234567']
    )
    assert.equal(failed.mails[1].id, inside)
    assert.equal(failed.mails[1].member!.name, '山田 太郎')

    for (let i = 0; i < FAILED_LIST_LIMIT + 3; i++) await failedAt(now.minus({ minutes: i }))
    const many = await recentlyFailedMails(now)
    assert.equal(many.count, FAILED_LIST_LIMIT + 5)
    assert.lengthOf(many.mails, FAILED_LIST_LIMIT)
  })

  test('a member waiting for a mail is told it is late only after a failed attempt', async ({
    assert,
  }) => {
    const member = await MemberFactory.create()
    const since = DateTime.utc().minus({ minutes: 10 })
    assert.isNull(await mailDelayFor(member.id, 'login_code', since))
    const first = await createOutboxMail({
      memberId: member.id,
      kind: 'login_code',
      status: 'queued',
    })
    assert.isNull(await mailDelayFor(member.id, 'login_code', since), 'not tried yet')
    await createOutboxMail({
      memberId: member.id,
      kind: 'login_code',
      status: 'queued',
      smtpResponse: '421 try later',
    })
    assert.equal(await mailDelayFor(member.id, 'login_code', since), 'delayed')
    assert.isNull(await mailDelayFor(member.id, 'registration_confirm', since), 'another kind')
    await createOutboxMail({ memberId: member.id, kind: 'login_code', status: 'sent' })
    assert.isNull(await mailDelayFor(member.id, 'login_code', since), 'the newest one was sent')
    await createOutboxMail({ memberId: member.id, kind: 'login_code', status: 'expired' })
    assert.equal(await mailDelayFor(member.id, 'login_code', since), 'expired')
    await createOutboxMail({ memberId: member.id, kind: 'login_code', status: 'failed' })
    assert.equal(await mailDelayFor(member.id, 'login_code', since), 'failed')
    assert.isNull(
      await mailDelayFor(member.id, 'login_code', DateTime.utc().plus({ minutes: 1 })),
      'only mails of this wait count'
    )
    assert.isAbove(first, 0)
  })

  test('addresses inside a server answer are masked', ({ assert }) => {
    assert.equal(
      maskAddressesIn('550 5.1.1 <hanako.yamada@example.ne.jp>: user unknown (hanako@example.jp)'),
      '550 5.1.1 <h************@example.ne.jp>: user unknown (h*****@example.jp)'
    )
    assert.equal(maskAddressesIn('421 4.7.0 Try again later'), '421 4.7.0 Try again later')
  })
})

test.group('Mail delivery history: what the desk may resend', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the registration link while pending; reset guidance while registered and not withdrawn', async ({
    assert,
  }) => {
    const resendableFor = async (member: Awaited<ReturnType<typeof MemberFactory.create>>) => {
      await member.load('account')
      return resendableMails(member)
    }
    const pending = await MemberFactory.with('account', 1, (a) => a.apply('pending')).create()
    const registered = await MemberFactory.with('account', 1, (a) => a.apply('registered')).create()
    const leaving = await MemberFactory.apply('withdrawalPending')
      .with('account', 1, (a) => a.apply('registered'))
      .create()
    const withdrawn = await MemberFactory.apply('withdrawn')
      .with('account', 1, (a) => a.apply('registered'))
      .create()
    const unregistered = await MemberFactory.with('account').create()

    assert.deepEqual(await resendableFor(pending), { registration_mail: true, reset_mail: false })
    assert.deepEqual(await resendableFor(registered), {
      registration_mail: false,
      reset_mail: true,
    })
    // A pending withdrawal keeps the portal until the refund day, and so the reset mail.
    assert.deepEqual(await resendableFor(leaving), { registration_mail: false, reset_mail: true })
    assert.deepEqual(await resendableFor(withdrawn), {
      registration_mail: false,
      reset_mail: false,
    })
    assert.deepEqual(await resendableFor(unregistered), {
      registration_mail: false,
      reset_mail: false,
    })
  })
})
