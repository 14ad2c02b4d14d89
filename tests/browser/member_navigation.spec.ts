/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import type { Page } from 'playwright'
import { memberLogsIn } from '#tests/helpers/browser_sessions'
import {
  assertNoHorizontalScroll,
  moneyCellsNotFlushRight,
  moneyCellsNotRightAligned,
  wrappedTableTokens,
} from '#tests/helpers/layout'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { restoreClock, setJapanTime } from '#tests/helpers/clock'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import {
  ContributionBalanceFactory,
  ContributionEventFactory,
  createPublishedContributionReport,
} from '#database/factories/contribution_balance_factory'
import { route } from '#tests/helpers/routes'

const PHONE = { width: 360, height: 740 }
/** Chart labels side by side keep at least this many px apart (「2025」「2026」 were 2 px). */
const LABEL_GAP = 3
const DESKTOP = { width: 1280, height: 800 }
const EMAIL = 'nav@example.jp'
const PASSWORD = 'browser navigation password'

/** The tab bar, in order (ホーム, 請求明細, 組合員証, 出資状況, メニュー). */
const TABS = ['ホーム', '請求明細', '組合員証', '出資状況', 'メニュー']

/** Every item of the メニュー page, with the FAQ's names (個人情報変更, not 登録情報). */
const MENU_ITEMS = [
  'ホーム',
  '請求明細',
  '年間ご利用明細',
  'デジタル組合員証',
  '出資状況・出資報告',
  '個人情報変更',
  '所属変更申請',
  '連絡・お問い合わせ',
  'ログイン履歴・セキュリティ',
  'パスワードの変更',
  'メールアドレスの変更',
  'メール通知の設定',
]

/**
 * A member with statements from 2025-12 to 2026-11 and, on the clock of 2026-12-10, a chart
 * from December 2025: the case that printed 「20252026」 (two years on neighbouring bars).
 */
async function navigatingMember() {
  setJapanTime('2026-12-10T12:00:00')
  const { member } = await createRegisteredMember({
    email: EMAIL,
    password: PASSWORD,
    registeredAt: DateTime.fromISO('2025-05-15T00:00:00Z'),
    member: { name: '山田 花子', nameKana: 'ヤマダ ハナコ', memberNumber: '4567801' },
  })
  for (const billingMonth of ['2025-12', '2026-01', '2026-06']) {
    await createPublishedStatement({ member, billingMonth })
  }
  await createPublishedStatement({
    member,
    billingMonth: '2026-10',
    lines: [
      // The widest date of a month (two-digit month and day): 「2026年10月15 / 日」 broke here.
      {
        category: '食品',
        itemName: 'いちほまれ 2kg',
        quantity: 2,
        unitPrice: 1680,
        taxRate: 8,
        lineDate: '2026-10-15',
      },
      {
        category: '返品',
        itemName: '洗剤（返品）',
        quantity: -1,
        unitPrice: 345,
        taxRate: 10,
        lineDate: '2026-10-28',
      },
    ],
  })
  await ContributionBalanceFactory.merge({ memberId: member.id, units: 20 }).create()
  await ContributionEventFactory.merge({ memberId: member.id }).create()
  await createPublishedContributionReport({ member, fiscalYear: 2025 })
  return member
}

/** Where the tab bar and the main heading are, and what the tab bar's links measure. */
function measureLayout(page: Page) {
  return page.evaluate(() => {
    const nav = document.querySelector('nav.member-tabs') as HTMLElement
    const box = nav.getBoundingClientRect()
    const heading = document.querySelector('main h1')!.getBoundingClientRect()
    const links = Array.from(nav.querySelectorAll('a')).map((link) => {
      const rect = link.getBoundingClientRect()
      return {
        // innerText: the name shown at this width (a short and a full label are in the markup).
        text: link.innerText.trim(),
        width: rect.width,
        height: rect.height,
        current: link.getAttribute('aria-current'),
      }
    })
    return {
      position: getComputedStyle(nav).position,
      top: box.top,
      bottom: box.bottom,
      viewportHeight: window.innerHeight,
      headingTop: heading.top,
      links,
    }
  })
}

test.group('Member navigation in Chromium', (group) => {
  // The first page Vite renders compiles the SSR bundle: on a loaded machine that can take
  // longer than a log-in's 10 s, so it is done once here, outside the tests' timeouts.
  group.setup(async () => {
    await fetch(`${process.env.APP_URL}${route('public.login.show')}`)
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => restoreClock())

  test('at 360 px every page opens on its content and the tab bar stays at the bottom', async ({
    browser,
    assert,
  }) => {
    await navigatingMember()
    const context = await browser.newContext({ viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)

    // aria-current="page" on the page itself; "true" on the section of a page below it (a
    // statement month) or listed on the メニュー page only (個人情報変更).
    for (const [path, current, mark] of [
      [route('member.home'), 'ホーム', 'page'],
      [route('member.statements.index'), '請求明細', 'page'],
      [route('member.statements.show', { month: '2026-10' }), '請求明細', 'true'],
      [route('member.card.show'), '組合員証', 'page'],
      [route('member.contributions.index'), '出資状況', 'page'],
      [route('member.profile.show'), 'メニュー', 'true'],
      [route('member.menu'), 'メニュー', 'page'],
    ] as const) {
      await page.goto(`${process.env.APP_URL}${path}`)
      const layout = await measureLayout(page)
      assert.isBelow(layout.headingTop, 120, `${path}: the page's heading is on the first screen`)
      assert.equal(layout.position, 'fixed', `${path}: the tab bar is fixed`)
      assert.closeTo(layout.bottom, layout.viewportHeight, 1, `${path}: at the bottom edge`)
      assert.deepEqual(
        layout.links.map((link) => link.text),
        TABS
      )
      for (const link of layout.links) {
        assert.isAtLeast(link.height, 44, `${path}: ${link.text} is a 44 px target`)
        assert.isAtLeast(link.width, 44, `${path}: ${link.text} is a 44 px target`)
      }
      const marked = layout.links.filter((link) => link.current !== null)
      assert.deepEqual(
        marked.map((link) => link.text),
        [current],
        `${path}: one tab marks where the member is`
      )
      assert.equal(marked[0].current, mark, `${path}: aria-current of ${current}`)
      await assertNoHorizontalScroll(page, assert, path)

      // The end of the page scrolls clear of the tab bar (padding below the footer).
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
      const { footerBottom, tabsTop } = await page.evaluate(() => {
        const footer = document.querySelector('.site-footer__inner')!.lastElementChild!
        return {
          footerBottom: footer.getBoundingClientRect().bottom,
          tabsTop: document.querySelector('nav.member-tabs')!.getBoundingClientRect().top,
        }
      })
      assert.isAtMost(footerBottom, tabsTop, `${path}: the tab bar covers the end of the page`)

      const violations = await seriousAxeViolations(page)
      assert.deepEqual(violations, [], `${path}\n${describeViolations(violations)}`)
    }

    // Every item is reachable: メニュー, then each page by its FAQ name.
    const tab = page.getByRole('navigation', { name: 'マイページメニュー' })
    await tab.getByRole('link', { name: 'メニュー' }).click()
    await page.waitForURL(`**${route('member.menu')}`)
    await page.getByRole('link', { name: '個人情報変更' }).click()
    await page.waitForURL(`**${route('member.profile.show')}`)
    await context.close()
  })

  test('keyboard: skip link first, then the header and the tabs, then the page', async ({
    browser,
    assert,
  }) => {
    await navigatingMember()
    const context = await browser.newContext({ viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)
    await page.goto(`${process.env.APP_URL}${route('member.statements.index')}`)

    const focused: string[] = []
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab')
      focused.push(
        await page.evaluate(() => (document.activeElement as HTMLElement).innerText.trim())
      )
    }
    assert.deepEqual(focused, ['本文へ移動', '学校生協 マイページ', 'ログアウト', ...TABS])

    // The skip link jumps over the navigation into the page.
    await page.reload()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Tab')
    assert.isTrue(
      await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement)),
      'after 本文へ移動 the next stop is in the page'
    )
    await context.close()
  })

  test('with JavaScript off the メニュー tab opens a page that lists every item', async ({
    browser,
    assert,
  }) => {
    await navigatingMember()
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)

    await page
      .getByRole('navigation', { name: 'マイページメニュー' })
      .getByRole('link', { name: 'メニュー' })
      .click()
    await page.waitForURL(`**${route('member.menu')}`)
    const main = page.locator('main')
    const labels = await main.getByRole('link').allTextContents()
    assert.deepEqual(
      labels.map((text) => text.trim()),
      MENU_ITEMS
    )
    for (const link of await main.getByRole('link').all()) {
      const box = await link.boundingBox()
      assert.isAtLeast(box!.height, 44, 'each row is a 44 px target')
    }

    await main.getByRole('link', { name: 'メール通知の設定' }).click()
    await page.waitForURL(`**${route('member.notifications.edit')}`)
    assert.include(await page.textContent('h1'), 'メール通知の設定')
    await context.close()
  })

  test('on a desktop the navigation is a bar under the header with the full names', async ({
    browser,
    assert,
  }) => {
    await navigatingMember()
    const context = await browser.newContext({ viewport: DESKTOP })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)
    const nav = page.getByRole('navigation', { name: 'マイページメニュー' })
    const shown = await nav.getByRole('link').allInnerTexts()
    assert.deepEqual(
      shown.map((text) => text.trim()),
      ['ホーム', '請求明細', 'デジタル組合員証', '出資状況・出資報告', 'メニュー']
    )
    const box = await nav.boundingBox()
    const heading = await page.locator('main h1').boundingBox()
    assert.isBelow(box!.y + box!.height, heading!.y, 'above the page, not over it')
    assert.equal(await nav.evaluate((element) => getComputedStyle(element).position), 'static')
    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))
    await context.close()
  })

  test('the chart keeps its year labels apart (「2025年」「2026年」, not 「20252026」)', async ({
    browser,
    assert,
  }) => {
    await navigatingMember()
    const context = await browser.newContext({ viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)
    await page.goto(`${process.env.APP_URL}${route('member.statements.index')}`)

    const labels = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.chart__labels text')).map((text) => {
        const box = text.getBoundingClientRect()
        return {
          text: (text.textContent ?? '').trim(),
          left: box.left,
          right: box.right,
          top: box.top,
          bottom: box.bottom,
        }
      })
    )
    const svg = await page.locator('.chart__svg').boundingBox()
    for (const [index, a] of labels.entries()) {
      assert.isAtLeast(a.left, svg!.x - 0.5, `${a.text} inside the chart`)
      assert.isAtMost(a.right, svg!.x + svg!.width + 0.5, `${a.text} inside the chart`)
      for (const b of labels.slice(index + 1)) {
        // Boxes grown by half a gap each side: labels in one row need a space between them.
        const overlap =
          a.left - LABEL_GAP / 2 < b.right + LABEL_GAP / 2 &&
          b.left - LABEL_GAP / 2 < a.right + LABEL_GAP / 2 &&
          a.top < b.bottom &&
          b.top < a.bottom
        assert.isFalse(overlap, `「${a.text}」 and 「${b.text}」 overlap or touch`)
      }
    }
    const years = labels.filter((label) => /^\d{4}/.test(label.text))
    assert.deepEqual(
      years.map((label) => label.text),
      ['2025年', '2026年']
    )
    await context.close()
  })

  test('statement cards keep dates and amounts on one line; money is right-aligned', async ({
    browser,
    assert,
  }) => {
    await navigatingMember()
    const context = await browser.newContext({ viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)

    await page.goto(
      `${process.env.APP_URL}${route('member.statements.show', { month: '2026-10' })}`
    )
    const dates = await page.evaluate(() =>
      Array.from(document.querySelectorAll('.statement-lines td[data-label="利用日"]')).map(
        (cell) => {
          const range = document.createRange()
          range.selectNodeContents(cell.lastChild!)
          const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)))
          return { text: (cell.textContent ?? '').trim(), lines: tops.size }
        }
      )
    )
    assert.isAbove(dates.length, 0)
    for (const date of dates) {
      assert.match(date.text, /^2026年10月\d{2}日$/)
      assert.equal(date.lines, 1, `「${date.text}」 is broken over lines`)
    }
    assert.deepEqual(await wrappedTableTokens(page, '.statement-lines'), [])

    for (const path of [
      route('member.statements.index'),
      route('member.statements.show', { month: '2026-10' }),
      route('member.contributions.index'),
      route('member.contributions.report', { fiscalYear: 2025 }),
    ]) {
      await page.goto(`${process.env.APP_URL}${path}`)
      const moneyCells = await page.evaluate(
        () =>
          Array.from(document.querySelectorAll('main td')).filter((cell) =>
            /^[−\-+]?[\d,]+円$/.test((cell.textContent ?? '').trim())
          ).length
      )
      assert.isAbove(moneyCells, 0, `${path} has money in a table`)
      assert.deepEqual(await moneyCellsNotRightAligned(page, 'main table'), [], path)
      assert.deepEqual(await moneyCellsNotFlushRight(page, 'main table'), [], `${path}: as seen`)
      const numeric = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main td'))
          .filter((cell) => /^[−\-+]?[\d,]+円$/.test((cell.textContent ?? '').trim()))
          .filter((cell) => getComputedStyle(cell).fontVariantNumeric !== 'tabular-nums')
          .map((cell) => (cell.textContent ?? '').trim())
      )
      assert.deepEqual(numeric, [], `${path}: amounts in tabular figures`)
    }
    await context.close()
  })
})
