/// <reference lib="dom" />
import { test } from '@japa/runner'
import type { Browser } from 'playwright'
import { launchChromium } from '#tests/helpers/chromium'
import { startRealServer, type RealServer } from '#tests/helpers/real_server'
import { DEMO_MEMBER_PASSWORD, route } from '#tests/helpers/real_server_logins'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'

const PHONE = { width: 360, height: 740 }

/*
| Chromium against the application as `npm start` serves it (own process, own
| database, real cookies): server-rendered pages, hydration, mails in the
| quick-start mailbox.
*/
test.group('Chromium against a real server', (group) => {
  let server: RealServer
  let browser: Browser
  group.setup(async () => {
    ;[server, browser] = await Promise.all([startRealServer(), launchChromium()])
    return async () => {
      await browser.close()
      await server.stop()
    }
  })

  test('a member forgets the password, resets it from the mailed link and logs in from a new phone with the mailed code', async ({
    assert,
  }) => {
    const context = await browser.newContext({ viewport: PHONE })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)

    await page.goto(server.url + route('public.password.forgot'))
    await page.getByLabel('組合員番号').fill('1000001')
    await page.getByLabel('メールアドレス').fill('hanako@example.jp')
    await page.getByLabel('生年月日').fill('19850614')
    await page.getByRole('button', { name: 'パスワードリセット' }).click()
    await page.waitForURL('**' + route('public.password.sent'))

    const resetMail = await server.waitForMail(
      (mail) => mail.to.includes('hanako@example.jp') && mail.subject.includes('パスワード')
    )
    const link = (resetMail.text ?? '').match(/https?:\/\/\S+\/password\/reset\/\S+/)![0]
    await page.goto(link)
    await page.locator('input[name="password"]').fill('Sakura-no-hana-2026')
    await page.locator('input[name="password_confirmation"]').fill('Sakura-no-hana-2026')
    const started = Date.now()
    await page.getByRole('button', { name: 'パスワードを登録する' }).click()
    await page.waitForURL('**' + route('public.login.show'))
    assert.isBelow(
      Date.now() - started,
      5000,
      'the reset answers at once (it waited 60 s on SQLite)'
    )
    assert.include(await page.textContent('main'), '新しいパスワードを登録しました')

    await page.getByLabel('メールアドレス').fill('hanako@example.jp')
    await page.getByLabel('パスワード').fill(DEMO_MEMBER_PASSWORD)
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL('**' + route('public.login.show'))
    assert.notInclude(
      page.url(),
      route('member.home'),
      'the old password no longer opens the portal'
    )

    await page.getByLabel('メールアドレス').fill('hanako@example.jp')
    await page.getByLabel('パスワード').fill('Sakura-no-hana-2026')
    const codeRequestedAt = new Date().toISOString()
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL('**' + route('public.login.code'))
    const codeMail = await server.waitForMail(
      (mail) => mail.subject.includes('ログイン認証コード') && mail.sentAt >= codeRequestedAt
    )
    await page.getByLabel('認証コード（6桁の数字）').fill(codeMail.text!.match(/\b\d{6}\b/)![0])
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL('**' + route('member.home'))
    await page.getByRole('heading', { name: /山田 花子 様/ }).waitFor()

    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))

    await page.getByRole('button', { name: 'ログアウト' }).click()
    await page.waitForURL('**' + route('public.login.show'))
    await page.goto(server.url + route('member.home'))
    await page.waitForURL('**' + route('public.login.show') + '*')
    await context.close()
  })

  test('with JavaScript off a member reads the statement pages, server-rendered', async ({
    assert,
  }) => {
    const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false })
    const [{ email }] = await server.sql<{ email: string }>(
      `select email from member_accounts where registration_state = 'registered'
         and email like 'member%' order by email limit 1`
    )
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    await page.goto(server.url + route('public.login.show'))
    await page.getByLabel('メールアドレス').fill(email)
    await page.getByLabel('パスワード').fill(DEMO_MEMBER_PASSWORD)
    const requestedAt = new Date().toISOString()
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL('**' + route('public.login.code'))
    const codeMail = await server.waitForMail(
      (mail) =>
        mail.to.includes(email) &&
        mail.subject.includes('ログイン認証コード') &&
        mail.sentAt >= requestedAt
    )
    await page.getByLabel('認証コード（6桁の数字）').fill(codeMail.text!.match(/\b\d{6}\b/)![0])
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL('**' + route('member.home'))
    await page.goto(server.url + route('member.statements.index'))
    assert.match((await page.textContent('main')) ?? '', /\d{4}年\d{1,2}月分/)
    await context.close()
  })
})
