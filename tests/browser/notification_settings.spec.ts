/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import router from '@adonisjs/core/services/router'
import MemberAccount from '#models/member_account'
import { createRegisteredMember } from '#database/factories/member_factory'
import { unsubscribePath } from '#domain/members/notification_preferences'
import { memberLogsIn } from '#tests/helpers/browser_sessions'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'

const PHONE = { width: 360, height: 740 }
const EMAIL = 'notify@example.jp'
const PASSWORD = 'browser notification password'

async function switches(email: string) {
  const account = await MemberAccount.findByOrFail('email', email)
  return { statements: account.notifyStatements, notices: account.notifyNotices }
}

test.group('メール通知の設定 in Chromium (JavaScript off, 360 px)', (group) => {
  // The first server render of a run compiles the pages (Vite): not inside a 10 s page load.
  group.setup(async () => {
    await fetch(`${process.env.APP_URL}${router.makeUrl('public.login.show')}`)
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('from the security page: untick, save, the choice is kept', async ({ browser, assert }) => {
    await createRegisteredMember({ email: EMAIL, password: PASSWORD })
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)
    await page.goto(`${process.env.APP_URL}${router.makeUrl('member.security')}`)
    await page.getByRole('link', { name: 'メール通知の設定' }).click()
    await page.waitForURL(`**${router.makeUrl('member.notifications.edit')}`)

    const statements = page.getByLabel('請求明細の掲載のお知らせを受け取る')
    assert.isTrue(await statements.isChecked())
    await statements.uncheck()
    await page.getByRole('button', { name: '設定を保存する' }).click()
    await page.waitForURL(`**${router.makeUrl('member.notifications.edit')}`)
    assert.include((await page.textContent('main')) ?? '', 'メール通知の設定を保存しました。')
    assert.isFalse(await page.getByLabel('請求明細の掲載のお知らせを受け取る').isChecked())
    assert.isTrue(await page.getByLabel('マイページのお知らせを受け取る').isChecked())
    assert.deepEqual(await switches(EMAIL), { statements: false, notices: true })
    await assertNoHorizontalScroll(page, assert)
    await context.close()
  })

  test('the mailed link: a confirmation page, then 配信を停止しました, without log-in', async ({
    browser,
    assert,
  }) => {
    const { member } = await createRegisteredMember({ email: EMAIL, password: PASSWORD })
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })
    const page = await context.newPage()
    await page.goto(`${process.env.APP_URL}${unsubscribePath(member.id, 'statements')}`)
    assert.include((await page.textContent('main')) ?? '', 'メール配信の停止')
    assert.deepEqual(await switches(EMAIL), { statements: true, notices: true })
    await assertNoHorizontalScroll(page, assert)

    await page.getByRole('button', { name: '配信を停止する' }).click()
    await page.getByRole('heading', { name: '配信を停止しました' }).waitFor()
    assert.deepEqual(await switches(EMAIL), { statements: false, notices: true })
    await context.close()
  })

  // axe runs as a script in the page: a context with JavaScript on.
  test('the settings page and the unsubscribe page pass axe on a phone', async ({
    browser,
    assert,
  }) => {
    const { member } = await createRegisteredMember({ email: EMAIL, password: PASSWORD })
    const context = await browser.newContext({ viewport: PHONE })
    const page = await memberLogsIn(context, EMAIL, PASSWORD)
    for (const path of [
      router.makeUrl('member.notifications.edit'),
      unsubscribePath(member.id, 'statements'),
    ]) {
      await page.goto(`${process.env.APP_URL}${path}`)
      await assertNoHorizontalScroll(page, assert)
      const violations = await seriousAxeViolations(page)
      assert.deepEqual(violations, [], `${path}: ${describeViolations(violations)}`)
    }
    await context.close()
  })
})
