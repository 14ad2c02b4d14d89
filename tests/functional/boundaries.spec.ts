import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { createPublishedContributionReport } from '#database/factories/contribution_balance_factory'
import MemberAccount from '#models/member_account'
import PasswordResetMail from '#mails/password_reset_mail'
import RegistrationConfirmMail from '#mails/registration_confirm_mail'
import LoginCodeMail from '#mails/login_code_mail'
import type { StatementListProps } from '#presenters/member/statements'
import type { ContributionsProps } from '#presenters/member/contributions'
import { DEVICE_COOKIE } from '#domain/auth/member_devices'
import { asMember } from '#tests/helpers/sessions'
import { knownDevice } from '#tests/helpers/devices'
import { inertiaProps } from '#tests/helpers/inertia'
import { lastSent, pathOf } from '#tests/helpers/mails'
import { advanceClock, japanTime, restoreClock, setJapanTime } from '#tests/helpers/clock'
import { route } from '#tests/helpers/routes'

/*
 * SPEC boundaries as members meet them over HTTP, each on its day (the clock is fixed): the
 * first visible billing month, the refund day, the contribution-report window from both sides
 * and the expiry of mailed links and codes at the minute. Numbers are written as literals on
 * purpose: changing a documented number must fail here and be a deliberate edit.
 */

const PASSWORD = 'boundary test password'

async function visibleMonths(client: ApiClient, account: MemberAccount) {
  const response = await asMember(
    client.get(route('member.statements.index')),
    account
  ).withInertia()
  response.assertStatus(200)
  return inertiaProps<StatementListProps>(response).months.map((month) => month.billingMonth)
}

async function monthStatus(client: ApiClient, account: MemberAccount, month: string) {
  const response = await asMember(client.get(route('member.statements.show', { month })), account)
  return response.status()
}

test.group('Boundaries / statements: from the month after registration', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => restoreClock())

  test('registered {registeredAt} (Japan): {hidden} is hidden, {first} is the first month shown')
    .with([
      // The last minute of May in Japan is still a May registration (UTC is 14:59 that day).
      { registeredAt: '2026-05-31T23:59:59', hidden: '2026-05', first: '2026-06' },
      // The first minute of June in Japan is a June registration although UTC still says May 31.
      { registeredAt: '2026-06-01T00:00:00', hidden: '2026-06', first: '2026-07' },
    ])
    .run(async ({ client, assert }, { registeredAt, hidden, first }) => {
      setJapanTime('2026-11-15T12:00:00')
      const { member, account } = await createRegisteredMember({
        registeredAt: japanTime(registeredAt),
      })
      for (const billingMonth of ['2026-04', '2026-05', '2026-06', '2026-07']) {
        await createPublishedStatement({ member, billingMonth })
      }
      const months = await visibleMonths(client, account)
      assert.notInclude(months, hidden)
      assert.equal(months.at(-1), first)
      assert.equal(await monthStatus(client, account, hidden), 404)
      assert.equal(await monthStatus(client, account, first), 200)
    })
})

test.group('Boundaries / withdrawal: access ends on the refund day itself', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => restoreClock())

  /** Notice accepted 2026-10-01: refunded on March 31, 2027 (the end of fiscal year 2026). */
  async function withdrawingMember() {
    const { account } = await createRegisteredMember({
      email: 'refund-day@example.jp',
      password: PASSWORD,
      member: {
        withdrawalAcceptedOn: DateTime.fromISO('2026-10-01'),
        refundOn: DateTime.fromISO('2027-03-31'),
      },
    })
    return account
  }

  /** The log-in form from a known browser; `followed` reads the page the answer leads to. */
  async function logIn(client: ApiClient, account: MemberAccount, followed = false) {
    const request = client
      .post(route('public.login.store'))
      .withCookie(DEVICE_COOKIE, await knownDevice(account))
      .form({ email: 'refund-day@example.jp', password: PASSWORD })
      .withCsrfToken()
    return followed ? request : request.redirects(0)
  }

  test('on March 30 (23:59 Japan) the member still logs in and shows the card', async ({
    client,
    assert,
  }) => {
    const account = await withdrawingMember()
    setJapanTime('2027-03-30T23:59:59')
    const login = await logIn(client, account)
    login.assertHeader('location', route('member.home'))
    const card = await asMember(client.get(route('member.card.show')), account)
    card.assertStatus(200)
    assert.include(card.text(), '2027年3月31日')
  })

  test('on March 31 (00:00 Japan) log-in is refused and the open session loses the card', async ({
    client,
    assert,
  }) => {
    const account = await withdrawingMember()
    setJapanTime('2027-03-31T00:00:00')
    const login = await logIn(client, account)
    login.assertHeader('location', route('public.login.show'))
    const explained = await logIn(client, account, true)
    assert.include(explained.text(), 'マイページのご利用は終了しました')
    assert.include(explained.text(), '2027年3月31日')
    for (const url of [route('member.card.show'), route('member.home')]) {
      const open = await asMember(client.get(url), account).redirects(0)
      open.assertStatus(302)
      open.assertHeader('location', route('public.login.show'))
    }
  })
})

test.group(
  'Boundaries / contribution reports: published July 1, for June 30 registrations',
  (group) => {
    group.each.setup(() => testUtils.db().withGlobalTransaction())
    group.each.teardown(() => restoreClock())

    async function memberWithReports(registeredAt: string, fiscalYears: number[]) {
      const { member, account } = await createRegisteredMember({
        registeredAt: japanTime(registeredAt),
      })
      for (const fiscalYear of fiscalYears) {
        await createPublishedContributionReport({ member, fiscalYear })
      }
      return account
    }

    async function listedYears(client: ApiClient, account: MemberAccount) {
      const response = await asMember(
        client.get(route('member.contributions.index')),
        account
      ).withInertia()
      response.assertStatus(200)
      return inertiaProps<ContributionsProps>(response).reports.map((report) => report.fiscalYear)
    }

    async function reportStatus(client: ApiClient, account: MemberAccount, fiscalYear: number) {
      const response = await asMember(
        client.get(route('member.contributions.report', { fiscalYear })),
        account
      )
      return response.status()
    }

    test('fiscal 2026 is hidden on June 30, 2027 and shown from July 1, 2027 (00:00 Japan)', async ({
      client,
      assert,
    }) => {
      const account = await memberWithReports('2026-04-10T10:00:00', [2025, 2026])
      setJapanTime('2027-06-30T23:59:59')
      assert.deepEqual(await listedYears(client, account), [2025])
      assert.equal(await reportStatus(client, account, 2026), 404)
      setJapanTime('2027-07-01T00:00:00')
      assert.deepEqual(await listedYears(client, account), [2026, 2025])
      assert.equal(await reportStatus(client, account, 2026), 200)
    })

    test('a registration on June 30, 2027 (23:59 Japan) sees fiscal 2026; one on July 1 does not', async ({
      client,
      assert,
    }) => {
      setJapanTime('2027-07-10T12:00:00')
      const lastMinute = await memberWithReports('2027-06-30T23:59:00', [2026])
      assert.deepEqual(await listedYears(client, lastMinute), [2026])
      const nextDay = await memberWithReports('2027-07-01T00:00:00', [2026])
      assert.deepEqual(await listedYears(client, nextDay), [])
      assert.equal(await reportStatus(client, nextDay, 2026), 404)
    })

    test('registered after June 30: once fiscal 2027 is published, fiscal 2026 stays hidden', async ({
      client,
      assert,
    }) => {
      const account = await memberWithReports('2027-07-01T09:00:00', [2026, 2027])
      setJapanTime('2028-06-30T23:59:59')
      assert.deepEqual(await listedYears(client, account), [])
      setJapanTime('2028-07-01T00:00:00')
      assert.deepEqual(await listedYears(client, account), [2027])
      assert.equal(await reportStatus(client, account, 2027), 200)
      assert.equal(await reportStatus(client, account, 2026), 404)
    })
  }
)

test.group('Boundaries / mailed links and codes expire at the minute', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => restoreClock())
  group.each.teardown(() => mail.restore())

  test('a password-reset link opens at 59:59 and is expired at 60:00', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    await createRegisteredMember({
      email: 'reset-edge@example.jp',
      member: { birthDate: DateTime.fromISO('1975-08-20'), memberNumber: '7654399' },
    })
    setJapanTime('2026-11-02T10:00:00')
    await client
      .post(route('public.password.request'))
      .form({ memberNumber: '7654399', email: 'reset-edge@example.jp', birthDate: '19750820' })
      .withCsrfToken()
    const resetMail = await lastSent(mails, PasswordResetMail)
    const link = pathOf(resetMail.url)

    advanceClock({ minutes: 59, seconds: 59 })
    const stillOpen = await client.get(link)
    stillOpen.assertStatus(200)
    assert.include(stillOpen.text(), '新しいパスワードの登録')
    advanceClock({ seconds: 1 })
    const expired = await client.get(link)
    expired.assertStatus(410)
    assert.include(expired.text(), '有効期限が切れています')
  })

  test('a registration link completes at 23:59:59 and is expired at 24:00:00', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    async function mailedLink(email: string) {
      const { member, initialPassword } = await createUnregisteredMember()
      const verified = await client
        .post(route('public.register.verify'))
        .form({ memberNumber: member.memberNumber, initialPassword })
        .withCsrfToken()
        .redirects(0)
      verified.assertHeader('location', route('public.register.account'))
      await client
        .post(route('public.register.store_account'))
        .withSession(verified.session())
        .form({ email, password: PASSWORD, password_confirmation: PASSWORD })
        .withCsrfToken()
      const sent = await lastSent(mails, RegistrationConfirmMail)
      assert.equal(sent.recipient, email)
      return {
        link: pathOf(sent.url),
        account: await MemberAccount.findByOrFail('member_id', member.id),
      }
    }

    setJapanTime('2026-11-02T10:00:00')
    const early = await mailedLink('in-time@example.jp')
    const late = await mailedLink('too-late@example.jp')

    advanceClock({ hours: 23, minutes: 59, seconds: 59 })
    const completed = await client.get(early.link)
    completed.assertStatus(200)
    assert.include(completed.text(), 'ログイン登録が完了しました')
    advanceClock({ seconds: 1 })
    const expired = await client.get(late.link)
    expired.assertStatus(410)
    assert.include(expired.text(), '有効期限が切れています')
    await late.account.refresh()
    assert.equal(late.account.registrationState, 'pending')
  })

  test('a mailed log-in code is accepted at 9:59 and refused at 10:00', async ({
    client,
    assert,
  }) => {
    const { mails } = mail.fake()
    await createRegisteredMember({ email: 'code-edge@example.jp', password: PASSWORD })

    async function codeSession() {
      const login = await client
        .post(route('public.login.store'))
        .form({ email: 'code-edge@example.jp', password: PASSWORD })
        .withCsrfToken()
        .redirects(0)
      login.assertHeader('location', route('public.login.code'))
      const sent = await lastSent(mails, LoginCodeMail)
      return { session: login.session(), code: sent.code }
    }

    async function enter(pending: Awaited<ReturnType<typeof codeSession>>) {
      return client
        .post(route('public.login.code.store'))
        .withSession(pending.session)
        .form({ code: pending.code })
        .withCsrfToken()
        .redirects(0)
    }

    setJapanTime('2026-11-02T10:00:00')
    const inTime = await codeSession()
    advanceClock({ minutes: 9, seconds: 59 })
    const accepted = await enter(inTime)
    accepted.assertHeader('location', route('member.home'))

    setJapanTime('2026-11-02T11:00:00')
    const tooLate = await codeSession()
    advanceClock({ minutes: 10 })
    const refused = await enter(tooLate)
    assert.notEqual(refused.header('location'), route('member.home'))
  })
})
