/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import type { Page } from 'playwright'
import AuditLog from '#models/audit_log'
import { createUnregisteredMember } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

const DESK = { width: 1280, height: 900 }

async function setUp() {
  await StaffUserFactory.apply('operator')
    .merge({ loginId: 'desk1', password: 'staff browser password', name: '窓口 一郎' })
    .create()
  const { member } = await createUnregisteredMember({
    initialPassword: 'K7P2M9QX',
    member: {
      memberNumber: '1000002',
      name: '山田 花子',
      nameKana: 'ヤマダ ハナコ',
      birthDate: DateTime.fromISO('1975-08-09'),
      phone: '0776998877',
    },
  })
  return member
}

async function logIn(page: Page) {
  await page.goto(`${process.env.APP_URL}${route('staff.login.show')}`)
  await page.getByLabel('職員ID').fill('desk1')
  await page.getByLabel('パスワード').fill('staff browser password')
  await page.keyboard.press('Enter')
  await page.waitForURL(`**${route('staff.dashboard')}`)
}

async function assertAccessible(page: Page, assert: any, where: string) {
  const violations = await seriousAxeViolations(page)
  assert.deepEqual(violations, [], `${where}: ${describeViolations(violations)}`)
}

test.group('Phone desk call in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('search, verify and reveal by keyboard; the password hides after 60 s', async ({
    browser,
    assert,
  }) => {
    const member = await setUp()
    const context = await browser.newContext({ viewport: DESK })
    const page = await context.newPage()
    await page.clock.install()
    await logIn(page)

    await page.goto(`${process.env.APP_URL}${route('staff.phone_desk.index')}`)
    const searchBox = page.getByRole('searchbox', { name: /組合員番号・氏名/ })
    await searchBox.waitFor()
    assert.isTrue(await searchBox.evaluate((el) => el === document.activeElement), 'autofocus')
    await assertAccessible(page, assert, 'desk search')
    await page.keyboard.type('やまだ')
    await page.keyboard.press('Enter')
    const result = page.getByRole('link', { name: '1000002 の本人確認へ' })
    await result.waitFor()
    await assertAccessible(page, assert, 'search results')
    await result.focus()
    await page.keyboard.press('Enter')
    await page.waitForURL(`**${route('staff.phone_desk.show', { id: member.id })}`)

    const numberField = page.getByLabel(/^組合員番号/)
    await numberField.waitFor()
    assert.isTrue(await numberField.evaluate((el) => el === document.activeElement), 'autofocus')
    assert.notInclude(await page.textContent('main'), '1975')
    await page.keyboard.type('1000002')
    await page.getByLabel(/^生年月日/).fill('昭和50年8月9日')
    await page.getByLabel(/^電話番号/).fill('0776-99-8877')
    await page.keyboard.press('Enter')
    await page.getByText('本人確認済み').waitFor()
    const results = await page.textContent('.check-list')
    assert.include(results, '組合員番号一致')
    assert.include(results, '郵便番号未入力')
    assert.notInclude(await page.textContent('main'), '0776998877')
    await assertAccessible(page, assert, 'verified desk')

    await page.getByLabel(/^理由/).selectOption('lost_letter')
    await page.getByRole('button', { name: /初期パスワードを表示/ }).click()
    await page.getByText('K7P2-M9QX').waitFor()
    assert.include(await page.textContent('main'), 'あと60秒で非表示になります')
    await assertAccessible(page, assert, 'reveal')

    await page.clock.runFor(61_000)
    await page.getByText('表示時間が過ぎたため、非表示にしました').waitFor()
    assert.notInclude(await page.textContent('main'), 'K7P2-M9QX')

    // Back to the desk, then the browser's Back button: the reveal does not come back.
    await page.getByRole('link', { name: /電話対応に戻る/ }).click()
    await page.waitForURL(`**${route('staff.phone_desk.show', { id: member.id })}`)
    await page.goBack()
    await page.waitForURL(`**${route('staff.phone_desk.show', { id: member.id })}`)
    await page.locator('h1').waitFor()
    assert.notInclude(await page.textContent('main'), 'K7P2-M9QX')

    const entry = await AuditLog.query()
      .where('action', 'staff.phone_desk.reveal_initial_password')
      .firstOrFail()
    assert.equal(entry.memberId, member.id)
    await context.close()
  })

  test('without JavaScript the call still works and the reveal page says it expires', async ({
    browser,
    assert,
  }) => {
    const member = await setUp()
    const context = await browser.newContext({ viewport: DESK, javaScriptEnabled: false })
    const page = await context.newPage()
    await logIn(page)
    await page.goto(`${process.env.APP_URL}${route('staff.phone_desk.show', { id: member.id })}`)
    await page.getByLabel(/^氏名/).fill('やまだ はなこ')
    await page.getByLabel(/^生年月日/).fill('1975/8/9')
    await page.getByLabel(/^電話番号/).fill('0776998877')
    await page.getByRole('button', { name: '照合する' }).click()
    await page.getByText('本人確認済み').waitFor()
    await page.getByLabel(/^理由/).selectOption('registration')
    await page.getByRole('button', { name: /初期パスワードを表示/ }).click()
    await page.getByText('K7P2-M9QX').waitFor()
    assert.include(await page.textContent('main'), '60秒間だけ有効です')
    await context.close()
  })
})
