/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import type { Browser, BrowserContext } from 'playwright'
import Member from '#models/member'
import { MemberFactory } from '#database/factories/member_factory'
import { memberLogsIn } from '#tests/helpers/browser_sessions'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

/**
 * 住所を検索 in Chromium on a 360 px phone: typing the 〒 fills 都道府県 and 市区町村・町域 from our
 * own server (no request to any other host), several towns give a choice, and without
 * JavaScript the 「住所を検索」 button does the same through a form post.
 */
const PHONE = { width: 360, height: 740 }
const PASSWORD = 'browser test password'

async function member() {
  return MemberFactory.merge({ postalCode: '9100001', address: '福井県福井市大願寺3丁目1-1' })
    .with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'postal@example.jp', password: PASSWORD })
    )
    .create()
}

/** Every host the page asked anything of, from the moment of the log-in on. */
function hostsAsked(context: BrowserContext) {
  const hosts = new Set<string>()
  context.on('request', (request) => {
    const url = new URL(request.url())
    if (url.protocol !== 'data:' && url.protocol !== 'blob:') hosts.add(url.host)
  })
  return hosts
}

async function profilePage(browser: Browser, javaScriptEnabled: boolean) {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled })
  const hosts = hostsAsked(context)
  // The first page of a run may wait for Vite to optimise its dependencies: longer than the
  // log-in helper's 10 s on a loaded machine.
  const warmUp = await context.newPage()
  await warmUp.goto(`${process.env.APP_URL}${route('public.login.show')}`, { timeout: 60_000 })
  await warmUp.close()
  const page = await memberLogsIn(context, 'postal@example.jp', PASSWORD)
  await page.goto(`${process.env.APP_URL}${route('member.profile.show')}`)
  return { context, page, hosts }
}

test.group('住所を検索 in Chromium (360 px)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })

  test('typing the 〒 fills 都道府県 and 市区町村・町域; only our own server is asked', async ({
    browser,
    assert,
  }) => {
    const owner = await member()
    const { context, page, hosts } = await profilePage(browser, true)
    const lookups: string[] = []
    page.on('request', (request) => {
      if (request.url().includes(route('member.address_lookup'))) lookups.push(request.url())
    })

    await page.locator('#field-addressLine').fill('')
    await page.locator('#field-postalCode').fill('')
    await page.locator('#field-postalCode').pressSequentially('９１０－０００５')
    // The server reads the dataset on its first lookup: allow for a loaded machine.
    await page
      .getByText('〒910-0005の住所「福井県福井市大手」を入れました。')
      .waitFor({ timeout: 30_000 })
    assert.equal(await page.locator('#field-prefecture').inputValue(), '福井県')
    assert.equal(await page.locator('#field-addressLine').inputValue(), '福井市大手')
    assert.lengthOf(lookups, 1, 'asked once, at the 7th digit')

    await assertNoHorizontalScroll(page, assert, 'profile with a lookup at 360 px')
    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))

    await page.locator('#field-addressLine').fill('福井市大手3-1-1')
    await page.locator('#field-building').fill('サンハイツ大手101')
    // Enter in 建物名 saves (the form's first button is 「住所を検索」, which Enter would press).
    await page.locator('#field-building').press('Enter')
    await page.getByText('郵便番号・住所を変更しました。').waitFor()
    const fresh = await Member.findOrFail(owner.id)
    assert.equal(fresh.postalCode, '9100005')
    assert.equal(fresh.address, '福井県福井市大手3-1-1 サンハイツ大手101')

    const appHost = new URL(process.env.APP_URL!).host
    assert.deepEqual([...hosts], [appHost], 'no request to any other host')
    await context.close()
  })

  test('several towns: the member chooses one; an unknown code says so', async ({
    browser,
    assert,
  }) => {
    await member()
    const { context, page, hosts } = await profilePage(browser, true)
    await page.locator('#field-postalCode').fill('452-0961')
    await page.getByText('〒452-0961には66件の町域があります。').waitFor()
    assert.equal(await page.locator('#field-prefecture').inputValue(), '愛知県')
    assert.equal(await page.locator('#field-addressLine').inputValue(), '清須市')
    const choice = page.getByRole('radio', { name: '愛知県清須市春日一番割', exact: true })
    await choice.check()
    await page.getByText('「愛知県清須市春日一番割」を入れました。').waitFor()
    assert.equal(await page.locator('#field-addressLine').inputValue(), '清須市春日一番割')
    const registered = await page.locator('section[aria-labelledby="registered"]').textContent()
    assert.include(registered, '〒910-0001', 'the registered details stay as registered')
    await assertNoHorizontalScroll(page, assert, 'town choices at 360 px')
    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))

    await page.locator('#field-postalCode').fill('999-9999')
    await page.getByText('〒999-9999の住所は見つかりませんでした。').waitFor()
    assert.deepEqual([...hosts], [new URL(process.env.APP_URL!).host])
    await context.close()
  })

  test('JavaScript off: 「住所を検索」 re-renders the form filled, nothing saved', async ({
    browser,
    assert,
  }) => {
    const owner = await member()
    const { context, page, hosts } = await profilePage(browser, false)
    await page.locator('#field-postalCode').fill('〒９１０ー０００５')
    await page.locator('#field-addressLine').fill('')
    await page.locator('#field-building').fill('サンハイツ大手101')
    await page.getByRole('button', { name: '住所を検索' }).click()
    await page.getByText('〒910-0005の住所「福井県福井市大手」を入れました。').waitFor()
    assert.equal(await page.locator('#field-postalCode').inputValue(), '910-0005')
    assert.equal(await page.locator('#field-prefecture').inputValue(), '福井県')
    assert.equal(await page.locator('#field-addressLine').inputValue(), '福井市大手')
    assert.equal(await page.locator('#field-building').inputValue(), 'サンハイツ大手101')
    const unchanged = await Member.findOrFail(owner.id)
    assert.equal(unchanged.address, '福井県福井市大願寺3丁目1-1')

    await page.locator('#field-addressLine').fill('福井市大手3-1-1')
    await page.getByRole('button', { name: '住所を変更する' }).click()
    await page.getByText('郵便番号・住所を変更しました。').waitFor()
    const changed = await Member.findOrFail(owner.id)
    assert.equal(changed.address, '福井県福井市大手3-1-1 サンハイツ大手101')
    assert.deepEqual([...hosts], [new URL(process.env.APP_URL!).host])
    await context.close()
  })
})
