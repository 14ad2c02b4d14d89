import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import router from '@adonisjs/core/services/router'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import MemberAccount from '#models/member_account'
import LoginCodeMail from '#mails/login_code_mail'
import RegistrationConfirmMail from '#mails/registration_confirm_mail'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { markRetrying } from '#database/factories/mail_outbox_factory'
import { dbTimestamp } from '#domain/common/db_time'
import { OUTBOX_TABLE } from '#domain/mail/outbox'
import { startRegistration } from '#domain/members/registration'
import { lastSent } from '#tests/helpers/mails'
import type { LoginCodeProps } from '#presenters/public/pages'
import { inertiaProps } from '#tests/helpers/inertia'

const LATE = 'メールの送信が遅れています'
const PASSWORD = 'device test password'

async function latestMailId(memberId: number, kind: string): Promise<number> {
  const row = await db
    .from(OUTBOX_TABLE)
    .where('member_id', memberId)
    .where('kind', kind)
    .orderBy('id', 'desc')
    .firstOrFail()
  return Number(row.id)
}

async function settleAs(id: number, status: 'failed' | 'expired', answer: string) {
  await db
    .from(OUTBOX_TABLE)
    .where('id', id)
    .update({ status, smtp_response: answer, sent_at: null, updated_at: dbTimestamp() })
}

test.group('The member is told when the log-in code mail is late', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('no message once the code was sent; the calm message after a temporary failure', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member, account } = await createRegisteredMember({
      email: 'late@example.jp',
      password: PASSWORD,
    })
    const login = await client
      .post(router.makeUrl('public.login.store'))
      .form({ email: 'late@example.jp', password: PASSWORD })
      .withCsrfToken()
      .redirects(0)
    login.assertHeader('location', router.makeUrl('public.login.code'))
    await lastSent(mails, LoginCodeMail)
    const challenge = { member_login_challenge: { accountId: account.id, at: Date.now() } }
    const codePage = () => client.get(router.makeUrl('public.login.code')).withSession(challenge)

    const sent = await codePage().withInertia()
    assert.isNull(inertiaProps<LoginCodeProps>(sent).mailDelay)
    const sentHtml = await codePage()
    assert.notInclude(sentHtml.text(), LATE)

    await markRetrying(await latestMailId(member.id, 'login_code'))
    const late = await codePage()
    late.assertStatus(200)
    // Server-rendered: readable without JavaScript, next to the resend button.
    assert.include(late.text(), LATE)
    assert.include(late.text(), '認証コードを再送信する')
    const lateProps = await codePage().withInertia()
    const props = inertiaProps<LoginCodeProps>(lateProps)
    assert.equal(props.mailDelay?.delay, 'delayed')
  })

  test('an expired or refused code mail says so and points to the resend', async ({
    client,
    assert,
  }) => {
    const { member, account } = await createRegisteredMember({ email: 'gone@example.jp' })
    const { sendLoginCode } = await import('#domain/auth/member_devices')
    await sendLoginCode(account)
    const challenge = { member_login_challenge: { accountId: account.id, at: Date.now() } }
    const id = await latestMailId(member.id, 'login_code')

    await settleAs(id, 'expired', '有効期限までに送信できなかったため、送信を取りやめました。')
    const expired = await client.get(router.makeUrl('public.login.code')).withSession(challenge)
    assert.include(expired.text(), '有効期限が切れました')

    await settleAs(id, 'failed', '550 5.1.1 mailbox unavailable')
    const failed = await client.get(router.makeUrl('public.login.code')).withSession(challenge)
    assert.include(failed.text(), LATE)
    assert.notInclude(failed.text(), '550 5.1.1', 'the server answer is for the desk')
  })

  test('an older challenge’s late mail is not this one’s', async ({ client, assert }) => {
    const { member, account } = await createRegisteredMember({ email: 'old@example.jp' })
    const { sendLoginCode } = await import('#domain/auth/member_devices')
    await sendLoginCode(account)
    const id = await latestMailId(member.id, 'login_code')
    await markRetrying(id)
    await db
      .from(OUTBOX_TABLE)
      .where('id', id)
      .update({ created_at: dbTimestamp(DateTime.utc().minus({ minutes: 30 })) })
    const page = await client
      .get(router.makeUrl('public.login.code'))
      .withSession({ member_login_challenge: { accountId: account.id, at: Date.now() } })
    assert.notInclude(page.text(), LATE)
  })
})

test.group('The member is told when the registration mail is late', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('the "mail sent" page watches the confirmation mail of this registration', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    const stored = await client
      .post(router.makeUrl('public.register.store_account'))
      .withSession({ registration_account_id: account.id, registration_verified_at: Date.now() })
      .form({
        email: 'newcomer@example.jp',
        password: 'blue umbrella on sunday',
        password_confirmation: 'blue umbrella on sunday',
      })
      .withCsrfToken()
      .redirects(0)
    stored.assertHeader('location', router.makeUrl('public.register.sent'))
    const watched = stored.session().registration_sent
    assert.equal(watched.accountId, account.id)
    await lastSent(mails, RegistrationConfirmMail)

    const sentPage = () =>
      client.get(router.makeUrl('public.register.sent')).withSession({ registration_sent: watched })
    const onTime = await sentPage()
    assert.notInclude(onTime.text(), LATE, 'sent: nothing to say')

    const id = await latestMailId(member.id, 'registration_confirm')
    await markRetrying(id)
    const late = await sentPage()
    assert.include(late.text(), LATE)
    assert.include(late.text(), 'ログイン登録をやり直す')
    assert.include(late.text(), `href="${router.makeUrl('public.register.show')}"`)

    await settleAs(id, 'failed', '550 5.1.1 user unknown')
    const failed = await sentPage()
    assert.include(failed.text(), 'メールアドレスに誤りがないか')

    const stranger = await client.get(router.makeUrl('public.register.sent'))
    assert.notInclude(stranger.text(), LATE, 'another browser learns nothing')
  })

  test('nothing once the registration is complete', async ({ client, assert }) => {
    const { member } = await createUnregisteredMember()
    const account = await MemberAccount.findByOrFail('member_id', member.id)
    await startRegistration({
      accountId: account.id,
      email: 'done@example.jp',
      password: 'blue umbrella on sunday',
      origin: { ip: '127.0.0.1', userAgent: null },
    })
    await markRetrying(await latestMailId(member.id, 'registration_confirm'))
    const watched = { accountId: account.id, at: Date.now() }
    const late = await client
      .get(router.makeUrl('public.register.sent'))
      .withSession({ registration_sent: watched })
    assert.include(late.text(), LATE)
    await MemberAccount.query().where('id', account.id).update({ registration_state: 'registered' })
    const done = await client
      .get(router.makeUrl('public.register.sent'))
      .withSession({ registration_sent: watched })
    assert.notInclude(done.text(), LATE)
  })
})
