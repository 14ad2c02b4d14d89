/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { markBrowserKnown } from '#tests/helpers/devices'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import { route } from '#tests/helpers/routes'

const PHONE = { width: 360, height: 740 }

async function memberWithStatement() {
  const member = await MemberFactory.merge({ name: '山田 花子' })
    .with('account', 1, (account) =>
      account.apply('registered').merge({
        email: 'hanako@example.jp',
        password: 'browser test password',
        registeredAt: DateTime.fromISO('2025-10-15T00:00:00Z'),
      })
    )
    .create()
  await member.load('account')
  await createPublishedStatement({
    member,
    billingMonth: '2026-10',
    lines: [{ category: '食品', itemName: '牛乳', quantity: 3, unitPrice: 2000, taxRate: 8 }],
  })
  return member
}

test.group('Log-in journeys in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('a member logs in on a 360 px phone and sees the home page, accessibly', async ({
    browser,
    assert,
  }) => {
    const member = await memberWithStatement()
    const context = await browser.newContext({ viewport: PHONE })
    await markBrowserKnown(context, member.account)
    const page = await context.newPage()
    await page.goto(`${process.env.APP_URL}${route('public.login.show')}`)

    assert.deepEqual(await seriousAxeViolations(page), [], 'log-in page')
    await page.getByLabel('メールアドレス').fill('hanako@example.jp')
    await page.getByLabel('パスワード').fill('browser test password')
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()

    await page.waitForURL(`**${route('member.home')}`)
    await page.getByRole('heading', { name: '山田 花子 様、ようこそ' }).waitFor()
    assert.include(await page.textContent('main'), '2026年10月分')
    assert.include(await page.textContent('main'), '6,000円')

    await assertNoHorizontalScroll(page, assert, 'statements at 360 px')
    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))
    await context.close()
  })

  test('with JavaScript off the log-in form still works and shows errors', async ({
    browser,
    assert,
  }) => {
    const member = await memberWithStatement()
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })
    await markBrowserKnown(context, member.account)
    const page = await context.newPage()
    await page.goto(`${process.env.APP_URL}${route('public.login.show')}`)
    assert.include(await page.textContent('h1'), 'マイページ ログイン')

    await page.getByLabel('メールアドレス').fill('hanako@example.jp')
    await page.getByLabel('パスワード').fill('not the password')
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL(`**${route('public.login.show')}`)
    assert.include(
      await page.textContent('[role="alert"]'),
      'メールアドレスまたはパスワードが正しくありません'
    )
    assert.equal(await page.getByLabel('メールアドレス').inputValue(), 'hanako@example.jp')

    await page.getByLabel('パスワード').fill('browser test password')
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL(`**${route('member.home')}`)
    assert.include(await page.textContent('h1'), '山田 花子 様、ようこそ')

    await page.getByRole('button', { name: 'ログアウト' }).click()
    await page.waitForURL(`**${route('public.login.show')}`)
    assert.include(await page.textContent('main'), 'ログアウトしました')
    await context.close()
  })

  test('a clerk logs in to the staff dashboard with the keyboard', async ({ browser, assert }) => {
    await StaffUserFactory.apply('clerk')
      .merge({ loginId: 'clerk1', password: 'staff browser password', name: '事務 花子' })
      .create()
    await MemberFactory.with('account', 1, (account) => account.apply('registered')).createMany(2)
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${process.env.APP_URL}${route('staff.login.show')}`)
    await page.getByLabel('職員ID').focus()
    await page.keyboard.type('clerk1')
    await page.keyboard.press('Tab')
    await page.keyboard.type('staff browser password')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**${route('staff.dashboard')}`)
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor()
    assert.include(await page.textContent('header'), '事務 花子（事務担当）')
    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))
    await context.close()
  })
})
