/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import type { BrowserContext, Page } from 'playwright'
import MemberPasskey from '#models/member_passkey'
import { createRegisteredMember } from '#database/factories/member_factory'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import { memberLogsIn } from '#tests/helpers/browser_sessions'
import { route } from '#tests/helpers/routes'

const PHONE = { width: 360, height: 740 }
const PASSWORD = 'passkey browser password'
const url = (path: string) => `${process.env.APP_URL}${path}`

async function assertAccessible(page: Page, assert: any, what: string) {
  const violations = await seriousAxeViolations(page)
  assert.deepEqual(violations, [], `${what}: ${describeViolations(violations)}`)
  await assertNoHorizontalScroll(page, assert, what)
}

/**
 * Chromium's virtual authenticator (CDP WebAuthn domain): a platform authenticator with
 * discoverable credentials and user verification that always succeeds, as a phone's
 * fingerprint or face unlock would.
 */
async function addVirtualAuthenticator(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  })
  return { cdp, authenticatorId }
}

test.group('Passkey journey in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.teardown(() => mail.restore())

  test('a member adds a passkey on the security page, logs out, and logs in with it', async ({
    browser,
    assert,
  }) => {
    const { mails } = mail.fake()
    const { account } = await createRegisteredMember({
      email: 'passkey@example.jp',
      password: PASSWORD,
    })
    const context = await browser.newContext({ viewport: PHONE })
    // The first page with scripts makes the dev server bundle them (slow on a busy machine).
    const warm = await context.newPage()
    await warm.goto(url(route('public.login.show')), { timeout: 60_000 })
    await warm.close()
    const page = await memberLogsIn(context, 'passkey@example.jp', PASSWORD)
    page.setDefaultTimeout(30_000)
    const { cdp, authenticatorId } = await addVirtualAuthenticator(context, page)

    await page.goto(url(route('member.security')))
    await page.getByRole('heading', { name: 'パスキー', exact: true }).waitFor()
    assert.include(await page.textContent('main'), '登録しているパスキーはありません。')
    const add = page.getByRole('link', { name: 'パスキーを追加' })
    assert.equal(await add.getAttribute('href'), route('member.passkeys.create'))
    await page.goto(url(route('member.passkeys.create')))
    // The button is rendered once the page's script runs (WebAuthn needs JavaScript).
    await page.getByRole('button', { name: 'パスキーを登録' }).waitFor()
    await assertAccessible(page, assert, 'add a passkey')
    await page.getByLabel('パスキーの名前').fill('私のスマートフォン')
    await page.getByRole('button', { name: 'パスキーを登録' }).click()

    await page.getByText('パスキー「私のスマートフォン」を登録しました。').waitFor()
    assert.equal(new URL(page.url()).pathname, route('member.security'))
    assert.include(await page.textContent('.passkey-list'), '最後の利用：まだ使われていません')
    await assertAccessible(page, assert, 'security page with a passkey')
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId })
    assert.lengthOf(credentials, 1)
    assert.isTrue(credentials[0].isResidentCredential)
    const stored = await MemberPasskey.query().where('member_account_id', account.id).firstOrFail()
    assert.equal(stored.name, '私のスマートフォン')

    await page.getByRole('button', { name: 'ログアウト', exact: true }).click()
    await page.waitForURL(`**${route('public.login.show')}`)
    // A fresh cookie jar: a new device for the password log-in, yet the passkey asks no code.
    await context.clearCookies()
    await page.goto(url(route('public.login.show')))
    await assertAccessible(page, assert, 'log-in page with the passkey button')
    await page.getByRole('button', { name: 'パスキーでログイン' }).click()
    await page.waitForURL(`**${route('member.home')}`)
    mails.assertNoneSent()

    await page.goto(url(route('member.security')))
    assert.include(await page.textContent('.login-history li'), 'パスキー 成功')
    assert.notInclude(await page.textContent('.passkey-list'), 'まだ使われていません')
    await context.close()
  })

  test('with JavaScript off: no passkey button, an explanation, and the password still logs in', async ({
    browser,
    assert,
  }) => {
    await createRegisteredMember({ email: 'passkey@example.jp', password: PASSWORD })
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE })
    const page = await memberLogsIn(context, 'passkey@example.jp', PASSWORD)
    await page.goto(url(route('member.passkeys.create')))
    assert.include(await page.textContent('main'), 'パスキーの登録にはJavaScriptが必要です')
    assert.equal(await page.getByRole('button', { name: 'パスキーを登録' }).count(), 0)
    await page.getByRole('button', { name: 'ログアウト', exact: true }).click()
    await page.waitForURL(`**${route('public.login.show')}`)
    assert.include(await page.textContent('main'), 'パスキーでのログインにはJavaScriptが必要です')
    assert.equal(await page.getByRole('button', { name: 'パスキーでログイン' }).count(), 0)
    await context.close()
  })
})
