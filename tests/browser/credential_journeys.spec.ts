/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import { DateTime } from 'luxon'
import type { Page } from 'playwright'
import {
  createRegisteredMember,
  createUnregisteredMember,
} from '#database/factories/member_factory'
import RegistrationConfirmMail from '#mails/registration_confirm_mail'
import RegistrationCompleteMail from '#mails/registration_complete_mail'
import PasswordResetMail from '#mails/password_reset_mail'
import PasswordChangedMail from '#mails/password_changed_mail'
import LoginCodeMail from '#mails/login_code_mail'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { lastSent, pathOf } from '#tests/helpers/mails'
import { markBrowserKnown } from '#tests/helpers/devices'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import { route } from '#tests/helpers/routes'

const PHONE = { width: 360, height: 740 }
const url = (path: string) => `${process.env.APP_URL}${path}`

async function assertAccessible(page: Page, assert: any, what: string) {
  const violations = await seriousAxeViolations(page)
  assert.deepEqual(violations, [], `${what}: ${describeViolations(violations)}`)
  await assertNoHorizontalScroll(page, assert, what)
}

test.group('Credential journeys in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('registration from the guide letter through the mailed link to the first log-in', async ({
    browser,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member, initialPassword } = await createUnregisteredMember({
      member: { name: '佐藤 美咲' },
    })
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()

    await page.goto(url(route('public.login.show')))
    await page.getByRole('link', { name: 'ログイン登録' }).first().click()
    await page.waitForURL(`**${route('public.register.show')}`)
    await assertAccessible(page, assert, 'registration step 1')
    await page.locator('#field-memberNumber').fill(member.memberNumber)
    await page.locator('#field-initialPassword').fill(initialPassword)
    await page.getByRole('button', { name: '次へ' }).click()

    await page.waitForURL(`**${route('public.register.account')}`)
    await assertAccessible(page, assert, 'registration step 2')
    await page.locator('#field-email').fill('misaki@example.jp')
    await page.locator('#field-password').fill('short')
    await page.locator('#field-password_confirmation').fill('short')
    await page.getByRole('button', { name: '確認メールを送信する' }).click()
    await page.locator('#field-password-error').waitFor()
    assert.include(await page.textContent('#field-password-error'), '12文字以上')
    assert.equal(await page.locator('#field-email').inputValue(), 'misaki@example.jp')
    await assertAccessible(page, assert, 'registration step 2 with an error')

    await page.locator('#field-password').fill('sakura blooms in april')
    await page.locator('#field-password_confirmation').fill('sakura blooms in april')
    await page.getByRole('button', { name: '確認メールを送信する' }).click()
    await page.waitForURL(`**${route('public.register.sent')}`)
    assert.include(await page.textContent('main'), 'misaki@example.jp')
    await assertAccessible(page, assert, 'registration sent')

    const registrationConfirmMail = await lastSent(mails, RegistrationConfirmMail)
    await page.goto(url(pathOf(registrationConfirmMail.url)))
    await page.getByRole('heading', { name: 'ログイン登録が完了しました' }).waitFor()
    await assertAccessible(page, assert, 'registration complete')
    const registrationCompleteMail = await lastSent(mails, RegistrationCompleteMail)
    assert.equal(registrationCompleteMail.recipient, 'misaki@example.jp')

    await page.getByRole('link', { name: 'ログイン画面へ' }).click()
    await page.waitForURL(`**${route('public.login.show')}`)
    await page.getByLabel('メールアドレス').fill('misaki@example.jp')
    await page.getByLabel('パスワード').fill('sakura blooms in april')
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()

    // A new browser: the code arrives by mail.
    await page.waitForURL(`**${route('public.login.code')}`)
    await assertAccessible(page, assert, 'log-in code')
    const loginCodeMail = await lastSent(mails, LoginCodeMail)
    await page.locator('#field-code').fill(loginCodeMail.code)
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL(`**${route('member.home')}`)
    await page.getByRole('heading', { name: '佐藤 美咲 様、ようこそ' }).waitFor()
    await context.close()
  })

  test('password reset through the mailed link, then log-in with the new password', async ({
    browser,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { member, account } = await createRegisteredMember({
      email: 'reset.journey@example.jp',
      password: 'the forgotten password',
      member: { name: '田中 一郎', birthDate: DateTime.fromISO('1970-01-15') },
    })
    const context = await browser.newContext({ viewport: PHONE })
    await markBrowserKnown(context, account)
    const page = await context.newPage()

    await page.goto(url(route('public.login.show')))
    await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click()
    await page.waitForURL(`**${route('public.password.forgot')}`)
    await assertAccessible(page, assert, 'password forgot')
    await page.locator('#field-memberNumber').fill(member.memberNumber)
    await page.getByLabel('登録メールアドレス').fill('reset.journey@example.jp')
    await page.getByLabel('生年月日').fill('19700115')
    await page.getByRole('button', { name: 'パスワードリセット' }).click()
    await page.waitForURL(`**${route('public.password.sent')}`)
    await assertAccessible(page, assert, 'password reset sent')

    const passwordResetMail = await lastSent(mails, PasswordResetMail)
    await page.goto(url(pathOf(passwordResetMail.url)))
    await page.getByRole('heading', { name: '新しいパスワードの登録' }).waitFor()
    await assertAccessible(page, assert, 'new password form')
    await page.locator('#field-password').fill('winter snow on hakusan')
    await page.locator('#field-password_confirmation').fill('winter snow on hakusan')
    await page.getByRole('button', { name: 'パスワードを登録する' }).click()
    await page.waitForURL(`**${route('public.login.show')}`)
    assert.include(await page.textContent('main'), '新しいパスワードを登録しました')
    const passwordChangedMail = await lastSent(mails, PasswordChangedMail)
    assert.equal(passwordChangedMail.recipient, 'reset.journey@example.jp')

    await page.getByLabel('メールアドレス').fill('reset.journey@example.jp')
    await page.getByLabel('パスワード').fill('winter snow on hakusan')
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL(`**${route('member.home')}`)
    await page.getByRole('heading', { name: '田中 一郎 様、ようこそ' }).waitFor()
    await context.close()
  })

  test('the other credential pages pass axe on a phone, also without JavaScript', async ({
    browser,
    assert,
  }) => {
    const { account } = await createRegisteredMember({
      email: 'pages@example.jp',
      password: 'pages test password',
    })
    for (const javaScriptEnabled of [true, false]) {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled })
      await markBrowserKnown(context, account)
      const page = await context.newPage()
      // axe runs inside the page, so it needs JavaScript; without it the server-rendered page must still be whole.
      const check = async (current: Page, path: string) => {
        if (javaScriptEnabled) return assertAccessible(current, assert, path)
        assert.isNotEmpty(await current.textContent('h1'), path)
      }
      for (const path of [
        route('public.register.help'),
        route('public.register.confirm', { token: 'not-a-valid-link-token-at-all' }),
      ]) {
        await page.goto(url(path))
        await check(page, path)
      }
      await page.goto(url(route('public.login.show')))
      await page.getByLabel('メールアドレス').fill('pages@example.jp')
      await page.getByLabel('パスワード').fill('pages test password')
      await page.getByRole('button', { name: 'ログイン', exact: true }).click()
      await page.waitForURL(`**${route('member.home')}`)
      for (const path of [
        route('member.security'),
        route('member.password.edit'),
        route('member.email.edit'),
        `${route('member.confirm_password.show')}?next=/mypage/email`,
      ]) {
        await page.goto(url(path))
        await page.locator('h1').waitFor()
        await check(page, path)
      }
      await page.goto(url(route('member.security')))
      await page.getByRole('button', { name: '他の端末からログアウト' }).click()
      await page.getByText('ほかの端末からログアウトしました').waitFor()
      await context.close()
    }
  })
})
