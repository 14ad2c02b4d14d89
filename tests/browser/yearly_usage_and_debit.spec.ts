/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import { memberLogsIn } from '#tests/helpers/browser_sessions'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

/** 年間ご利用明細 and the debit sentence, as a member on a 360 px phone reads them. */
const PHONE = { width: 360, height: 740 }
const EMAIL = 'yearly@example.jp'
const PASSWORD = 'browser yearly password'
const NOTICE = '2026年11月27日に ふくい銀行 大手支店 普通 ****1234 から引き落とします'

async function member() {
  const { member: m } = await createRegisteredMember({
    email: EMAIL,
    password: PASSWORD,
    registeredAt: DateTime.fromISO('2025-05-15T00:00:00Z'),
  })
  const debit = {
    date: '2026-11-27',
    bankName: 'ふくい銀行',
    branchName: '大手支店',
    accountType: '普通',
    accountLast4: '1234',
  }
  await createPublishedStatement({
    member: m,
    billingMonth: '2026-10',
    lines: [
      { category: '食品', itemName: 'いちほまれ 2kg', quantity: 2, unitPrice: 1680, taxRate: 8 },
      { category: '日用品', itemName: '洗剤', quantity: 3, unitPrice: 12345, taxRate: 10 },
    ],
    debit,
  })
  await createPublishedStatement({
    member: m,
    billingMonth: '2026-03',
    lines: [{ category: '保険', itemName: '共済掛金', quantity: 1, unitPrice: 1200 }],
  })
}

test.group('Yearly usage and debit details in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('with JavaScript disabled: from the statements list to a year and another', async ({
    browser,
    assert,
  }) => {
    await member()
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)
    await page.goto(`${process.env.APP_URL}${route('member.statements.index')}`)
    await page.getByRole('link', { name: /年間ご利用明細/ }).click()
    await page.waitForURL(
      `**${route('member.yearly_usage.show', { basis: 'calendar', year: '2026' })}`
    )
    const main = (await page.textContent('main')) ?? ''
    assert.include(main, '年間ご利用明細 2026年')
    assert.include(main, '41,595円')
    assert.include(main, '明細なし')
    await assertNoHorizontalScroll(page, assert, 'the yearly page on a phone')

    await page.getByRole('link', { name: /2025年度/ }).click()
    await page.waitForURL(
      `**${route('member.yearly_usage.show', { basis: 'fiscal', year: '2025' })}`
    )
    assert.include((await page.textContent('main')) ?? '', '1,200円')

    await page.goto(
      `${process.env.APP_URL}${route('member.statements.show', { month: '2026-10' })}`
    )
    assert.include((await page.textContent('main')) ?? '', NOTICE)
    await assertNoHorizontalScroll(page, assert, 'the month with its debit sentence')
    await context.close()
  })

  test('the yearly pages, the month and home pass axe on a phone', async ({ browser, assert }) => {
    await member()
    const context = await browser.newContext({ viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)
    for (const path of [
      route('member.home'),
      route('member.statements.show', { month: '2026-10' }),
      route('member.yearly_usage.show', { basis: 'calendar', year: '2026' }),
      route('member.yearly_usage.show', { basis: 'fiscal', year: '2026' }),
    ]) {
      await page.goto(`${process.env.APP_URL}${path}`)
      await assertNoHorizontalScroll(page, assert, path)
      const violations = await seriousAxeViolations(page)
      assert.deepEqual(violations, [], `${path}\n${describeViolations(violations)}`)
    }
    assert.include((await page.textContent('main')) ?? '', '年間ご利用明細 2026年度')
    await context.close()
  })
})
