/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import QRCode from 'qrcode'
import { DateTime } from 'luxon'
import { memberLogsIn, staffLogsIn } from '#tests/helpers/browser_sessions'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { cardCheckUrl } from '#presenters/member/membership_card'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import { createRegisteredMember } from '#database/factories/member_factory'
import { issueCardToken } from '#domain/members/membership_card'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

const PHONE = { width: 360, height: 740 }
const EMAIL = 'card-check@example.jp'
const PASSWORD = 'browser card check password'

test.group('Card check in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('有効 / 期限切れ / 無効 pages pass axe and do not scroll sideways at 360 px', async ({
    browser,
    assert,
  }) => {
    await createRegisteredMember({ member: { memberNumber: '5678902' } })
    const stale = issueCardToken('5678902', { now: DateTime.utc().minus({ minutes: 6 }) }).token
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    for (const [token, state] of [
      [issueCardToken('5678902').token, 'valid'],
      [stale, 'expired'],
      ['MC1.broken', 'invalid'],
    ] as const) {
      await page.goto(`${process.env.APP_URL}${route('public.card_check.show', { token })}`)
      assert.equal(await page.getByTestId('card-check-status').getAttribute('data-status'), state)
      const fontSize = await page
        .locator('.card-check__headline')
        .evaluate((element) => Number.parseFloat(getComputedStyle(element).fontSize))
      assert.isAtLeast(fontSize, 20, 'the answer reads at a glance')
      await assertNoHorizontalScroll(page, assert, `the ${state} check page`)
      const violations = await seriousAxeViolations(page)
      assert.deepEqual(violations, [], `${state}: ${describeViolations(violations)}`)
    }
    await context.close()
  })

  test('the card QR holds the check URL, and the check page reads without JavaScript at 360 px', async ({
    browser,
    assert,
  }) => {
    await createRegisteredMember({
      email: EMAIL,
      password: PASSWORD,
      registeredAt: DateTime.fromISO('2025-05-15T00:00:00Z'),
      member: { name: '照合 花子', nameKana: 'ショウゴウ ハナコ', memberNumber: '5678901' },
    })
    const memberContext = await browser.newContext({ viewport: PHONE })
    const page = await memberLogsIn(memberContext, EMAIL, PASSWORD)
    await page.goto(`${process.env.APP_URL}${route('member.card.show')}`)
    const qr = page.getByTestId('card-qr')
    const url = (await qr.getAttribute('data-check-url'))!
    const token = url.split('/').at(-1)!
    assert.equal(url, `${process.env.APP_URL}${route('public.card_check.show', { token })}`)
    // The drawn code is the QR code of exactly that URL (no decoder is installed: the same
    // encoder's output for the URL is compared with the page's SVG).
    const expected = await QRCode.toString(url, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    })
    // (the modules drawn: the browser writes <path></path> where the encoder wrote <path/>)
    const modules = (svg: string) => [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1])
    const drawn = await qr.innerHTML()
    assert.lengthOf(modules(expected), 2)
    assert.deepEqual(modules(drawn), modules(expected))
    await memberContext.close()

    // A checker's phone: no session, JavaScript off.
    const checker = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false })
    const checkPage = await checker.newPage()
    const response = await checkPage.goto(url)
    assert.equal(response!.status(), 200)
    const status = checkPage.getByTestId('card-check-status')
    assert.equal(await status.getAttribute('data-status'), 'valid')
    assert.include((await status.textContent()) ?? '', '有効な組合員証です')
    const main = (await checkPage.textContent('main')) ?? ''
    for (const shown of ['照合 花子', 'ショウゴウ ハナコ', '5678901', '確認日時']) {
      assert.include(main, shown)
    }
    const box = await status.boundingBox()
    assert.isAtMost(box!.x + box!.width, PHONE.width)
    await checker.close()
  })

  test('staff 組合員証の確認: a QR reader types the URL and Enter; the answer, axe clean', async ({
    browser,
    assert,
  }) => {
    await createRegisteredMember({ member: { name: '照合 次郎', memberNumber: '5678903' } })
    await StaffUserFactory.apply('operator')
      .merge({ loginId: 'desk1', password: 'staff browser password' })
      .create()
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await staffLogsIn(context, 'desk1', 'staff browser password')
    await page.getByRole('link', { name: '組合員証の確認' }).first().click()
    await page.waitForURL(`**${route('staff.card_check.show')}`)
    // A keyboard-wedge reader: the focused field receives the URL, then Enter.
    await page.keyboard.type(cardCheckUrl(issueCardToken('5678903').token))
    await page.keyboard.press('Enter')
    const status = page.getByTestId('card-check-status')
    await status.waitFor()
    assert.equal(await status.getAttribute('data-status'), 'valid')
    assert.include((await page.textContent('main')) ?? '', '照合 次郎')
    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))
    await context.close()
  })
})
