/// <reference lib="dom" />
import { test } from '@japa/runner'
import { memberLogsIn } from '#tests/helpers/browser_sessions'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import type { BrowserContext } from 'playwright'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import {
  ContributionBalanceFactory,
  createPublishedContributionReport,
} from '#database/factories/contribution_balance_factory'
import { nowInJapan } from '#domain/common/clock'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

const PHONE = { width: 360, height: 740 }
const EMAIL = 'reader@example.jp'
const PASSWORD = 'browser reading password'

async function readingMember() {
  const { member } = await createRegisteredMember({
    email: EMAIL,
    password: PASSWORD,
    registeredAt: DateTime.fromISO('2025-05-15T00:00:00Z'),
    member: { name: '山田 花子', nameKana: 'ヤマダ ハナコ', memberNumber: '4567890' },
  })
  await createPublishedStatement({
    member,
    billingMonth: '2026-10',
    lines: [
      { category: '食品', itemName: 'いちほまれ 2kg', quantity: 2, unitPrice: 1680, taxRate: 8 },
      {
        category: '日用品',
        itemName: 'とても長い商品名の詰め替え用洗濯洗剤（大容量パック）お徳用',
        quantity: 3,
        unitPrice: 12345,
        taxRate: 10,
      },
      { category: '返品', itemName: '洗剤（返品）', quantity: -1, unitPrice: 345, taxRate: 10 },
    ],
  })
  await createPublishedStatement({ member, billingMonth: '2026-09' })
  await ContributionBalanceFactory.merge({ memberId: member.id, units: 20 }).create()
  const today = nowInJapan()
  await createPublishedContributionReport({
    member,
    fiscalYear: today.month >= 7 ? today.year - 1 : today.year - 2,
  })
  return member
}

function logIn(context: BrowserContext) {
  return memberLogsIn(context, EMAIL, PASSWORD)
}

test.group('Reading pages in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('statements work with JavaScript disabled: list, chart, a month, CSV link', async ({
    browser,
    assert,
  }) => {
    await readingMember()
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })
    const page = await logIn(context)

    await page.getByRole('link', { name: '請求明細', exact: true }).first().click()
    await page.waitForURL(`**${route('member.statements.index')}`)
    const main = (await page.textContent('main')) ?? ''
    assert.include(main, '2026年10月分')
    assert.include(main, '2026年9月分')
    assert.isTrue(await page.locator('main svg[role="img"]').isVisible(), 'chart drawn')

    await page.getByRole('link', { name: /2026年10月分/ }).click()
    await page.waitForURL(`**${route('member.statements.show', { month: '2026-10' })}`)
    const detail = (await page.textContent('main')) ?? ''
    assert.include(detail, 'いちほまれ 2kg')
    assert.include(detail, '3,360円')
    assert.include(detail, '10%対象')
    assert.include(detail, '\u2212345円')
    const csv = page.getByRole('link', { name: 'CSVをダウンロード' })
    assert.equal(
      await csv.getAttribute('href'),
      route('member.statements.csv', { month: '2026-10' })
    )
    assert.equal(
      await page.getByRole('link', { name: 'PDFをダウンロード' }).getAttribute('href'),
      route('member.statements.pdf', { month: '2026-10' })
    )
    await assertNoHorizontalScroll(page, assert, 'lines stack as cards on a phone')
    // (axe runs in the JavaScript test below: page.evaluate cannot run with JavaScript off.)
    await context.close()
  })

  test('the card on a 360 px phone: no horizontal scroll, QR visible, clock ticking', async ({
    browser,
    assert,
  }) => {
    await readingMember()
    const context = await browser.newContext({ viewport: PHONE })
    const page = await logIn(context)
    await page.getByRole('link', { name: '組合員証' }).first().click()
    await page.waitForURL(`**${route('member.card.show')}`)

    const qr = page.getByTestId('card-qr')
    assert.isTrue(await qr.isVisible())
    const box = await qr.boundingBox()
    assert.isAtLeast(box!.width, 150, 'the QR code is large enough to scan')
    assert.isAtMost(box!.x + box!.width, PHONE.width)
    assert.include((await page.textContent('main')) ?? '', '4567890')
    assert.include((await page.textContent('main')) ?? '', 'ヤマダ ハナコ')

    const clock = page.getByTestId('card-clock')
    const first = await clock.textContent()
    assert.match(first ?? '', /\d{1,2}:\d{2}:\d{2}$/)
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="card-clock"]')?.textContent !== before,
      first,
      { timeout: 3000 }
    )

    await assertNoHorizontalScroll(page, assert, 'the card')

    // The page asks for a new code on its own: the JSON endpoint answers a fresh SVG.
    // (route() runs here: the callback runs in the page, which has no test helpers.)
    const fresh = await page.evaluate(async (url) => {
      const response = await fetch(url, { headers: { Accept: 'application/json' } })
      return { status: response.status, body: await response.json() }
    }, route('member.card.qr'))
    assert.equal(fresh.status, 200)
    assert.include(fresh.body.svg, '<svg')

    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))
    await context.close()
  })

  test('the open card page fetches a new QR code before the old one expires', async ({
    browser,
    assert,
  }) => {
    await readingMember()
    const context = await browser.newContext({ viewport: PHONE })
    const page = await logIn(context)
    await page.clock.install()
    await page.goto(`${process.env.APP_URL}${route('member.card.show')}`)
    const before = await page.getByTestId('card-qr').innerHTML()
    // Tokens carry whole seconds: let one pass so the new code differs.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const refreshed = page.waitForResponse((response) =>
      response.url().endsWith(route('member.card.qr'))
    )
    await page.clock.runFor(4 * 60 * 1000 + 1000)
    const response = await refreshed
    assert.equal(response.status(), 200)
    await page.waitForFunction(
      (old) => document.querySelector('[data-testid="card-qr"]')?.innerHTML !== old,
      before
    )
    assert.notEqual(await page.getByTestId('card-qr').innerHTML(), before)
    await context.close()
  })

  test('statements, contributions, a report and the public pages pass axe on a phone', async ({
    browser,
    assert,
  }) => {
    await readingMember()
    const context = await browser.newContext({ viewport: PHONE })
    const page = await logIn(context)
    for (const path of [
      route('member.home'),
      route('member.statements.index'),
      route('member.statements.show', { month: '2026-10' }),
      route('member.contributions.index'),
    ]) {
      await page.goto(`${process.env.APP_URL}${path}`)
      await assertNoHorizontalScroll(page, assert, path)
      const violations = await seriousAxeViolations(page)
      assert.deepEqual(violations, [], `${path}\n${describeViolations(violations)}`)
    }
    await page
      .getByRole('link', { name: /出資報告/ })
      .first()
      .click()
    await page.waitForURL(`**${route('member.contributions.report', { fiscalYear: '*' })}`)
    assert.include((await page.textContent('main')) ?? '', '期末出資金')
    const reportViolations = await seriousAxeViolations(page)
    assert.deepEqual(reportViolations, [], describeViolations(reportViolations))

    for (const path of [
      route('public.environment'),
      route('public.privacy'),
      route('public.joining'),
    ]) {
      await page.goto(`${process.env.APP_URL}${path}`)
      await assertNoHorizontalScroll(page, assert, path)
      const violations = await seriousAxeViolations(page)
      assert.deepEqual(violations, [], `${path}\n${describeViolations(violations)}`)
    }
    await context.close()
  })
})
