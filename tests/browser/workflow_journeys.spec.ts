/// <reference lib="dom" />
import { test } from '@japa/runner'
import { memberLogsIn, staffLogsIn } from '#tests/helpers/browser_sessions'
import { assertNoHorizontalScroll } from '#tests/helpers/layout'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import mail from '@adonisjs/mail/services/main'
import type { Browser, Page } from 'playwright'
import { MemberFactory } from '#database/factories/member_factory'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { InquiryFactory, InquiryMessageFactory } from '#database/factories/inquiry_factory'
import { todayInJapan } from '#domain/common/clock'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

const PHONE = { width: 360, height: 740 }
const DESK = { width: 1280, height: 800 }
const MEMBER_PASSWORD = 'browser test password'
const STAFF_PASSWORD = 'staff browser password'

async function memberAt(affiliationName: string) {
  const affiliation = await AffiliationFactory.merge({
    code: 'B001',
    name: affiliationName,
  }).create()
  return MemberFactory.merge({
    name: '山田 花子',
    nameKana: 'ヤマダ ハナコ',
    affiliationId: affiliation.id,
    phone: '0776231234',
    postalCode: '9100001',
    address: '福井県福井市大手3丁目1-1',
  })
    .with('account', 1, (account) =>
      account.apply('registered').merge({ email: 'hanako@example.jp', password: MEMBER_PASSWORD })
    )
    .create()
}

async function memberLogin(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ viewport: PHONE, ...options })
  const page = await memberLogsIn(context, 'hanako@example.jp', MEMBER_PASSWORD)
  return { context, page }
}

async function staffLogin(browser: Browser, loginId: string) {
  const context = await browser.newContext({ viewport: DESK })
  const page = await staffLogsIn(context, loginId, STAFF_PASSWORD)
  return { context, page }
}

async function assertAccessible(page: Page, assert: any, what: string) {
  // Inertia's progress bar (role="bar") fades out after a client-side visit: wait for it.
  await page.locator('#nprogress').waitFor({ state: 'detached' })
  const violations = await seriousAxeViolations(page)
  assert.deepEqual(violations, [], `${what}: ${describeViolations(violations)}`)
}

test.group('Workflow journeys in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })

  test('member requests an affiliation change, a clerk approves, the member sees 承認', async ({
    browser,
    assert,
  }) => {
    await memberAt('福井市立明倫中学校')
    await AffiliationFactory.merge({ code: 'B002', name: '福井県立藤島高等学校' }).create()
    await StaffUserFactory.apply('clerk')
      .merge({ loginId: 'clerk1', password: STAFF_PASSWORD, name: '事務 花子' })
      .create()
    const effectiveOn = todayInJapan().plus({ months: 1 }).toISODate()!

    const member = await memberLogin(browser)
    await member.page.goto(`${process.env.APP_URL}${route('member.affiliation_requests.index')}`)
    await assertAccessible(member.page, assert, 'affiliation request form')
    await assertNoHorizontalScroll(member.page, assert)
    await member.page.getByLabel('新しい所属', { exact: false }).first().selectOption({
      label: '福井県立藤島高等学校',
    })
    await member.page.getByLabel('異動日').fill(effectiveOn)
    await member.page.getByLabel('申請理由').fill('4月1日付の人事異動のため')
    await member.page.getByRole('button', { name: '申請する' }).click()
    await member.page.getByText('所属変更申請を受け付けました').waitFor()
    assert.include(await member.page.textContent('main'), '申請中')
    assert.include(await member.page.textContent('main'), '申請中の所属変更申請があります')

    const clerk = await staffLogin(browser, 'clerk1')
    await clerk.page.getByRole('link', { name: '所属変更申請' }).click()
    await clerk.page.waitForURL(`**${route('staff.affiliation_requests.index')}`)
    await assertAccessible(clerk.page, assert, 'staff queue')
    assert.include(await clerk.page.textContent('main'), '山田 花子')
    await clerk.page.locator('table a').first().click()
    await clerk.page.getByRole('heading', { name: '所属変更申請の確認' }).waitFor()
    await assertAccessible(clerk.page, assert, 'staff request detail')
    assert.equal(
      await clerk.page.getByLabel('変更後の所属').inputValue(),
      String(
        await clerk.page
          .getByLabel('変更後の所属')
          .locator('option', { hasText: '福井県立藤島高等学校' })
          .getAttribute('value')
      )
    )
    await clerk.page.getByRole('button', { name: '承認して所属を変更する' }).click()
    await clerk.page.getByText('承認しました。組合員にメールでお知らせしました。').waitFor()

    await member.page.reload()
    const main = await member.page.textContent('main')
    assert.include(main, '承認')
    assert.include(main, '現在の所属：福井県立藤島高等学校')
    await member.page.goto(`${process.env.APP_URL}${route('member.home')}`)
    assert.include(await member.page.textContent('main'), '所属：福井県立藤島高等学校')
    await member.context.close()
    await clerk.context.close()
  })

  test('member changes phone and address on a phone (JavaScript on), errors next to the field', async ({
    browser,
    assert,
  }) => {
    await memberAt('福井市立明倫中学校')
    const { context, page } = await memberLogin(browser)
    await page.getByRole('link', { name: '個人情報変更' }).click()
    await page.waitForURL(`**${route('member.profile.show')}`)
    await assertAccessible(page, assert, 'profile page')
    await assertNoHorizontalScroll(page, assert)

    await page.locator('#field-phone').fill('０９０－１２３４－５６７８')
    await page.getByRole('button', { name: '電話番号を変更する' }).click()
    await page.getByText('電話番号を変更しました。').waitFor()
    assert.include(await page.locator('dl').first().textContent(), '090-1234-5678')

    await page.locator('#field-postalCode').fill('91000')
    await page.locator('#field-addressLine').fill('福井市日光1丁目2-3')
    await page.getByRole('button', { name: '住所を変更する' }).click()
    await page.getByText('郵便番号は7桁の数字で入力してください').waitFor()
    assert.equal(await page.locator('#field-postalCode').getAttribute('aria-invalid'), 'true')
    assert.equal(await page.locator('#field-postalCode').inputValue(), '91000', 'typed value kept')
    assert.equal(await page.locator('#field-addressLine').inputValue(), '福井市日光1丁目2-3')
    await assertAccessible(page, assert, 'profile page with an error')

    await page.locator('#field-postalCode').fill('918-8001')
    // The 〒 is looked up as it is typed; the 市区町村・番地 typed before stays as it is.
    await page.getByText('入力済みの市区町村・番地はそのままにしました').waitFor()
    assert.equal(await page.locator('#field-addressLine').inputValue(), '福井市日光1丁目2-3')
    await page.getByRole('button', { name: '住所を変更する' }).click()
    await page.getByText('郵便番号・住所を変更しました。').waitFor()
    const details = await page.locator('dl').first().textContent()
    assert.include(details, '〒918-8001')
    assert.include(details, '福井県福井市日光1丁目2-3')
    assert.include(await page.textContent('main'), '最近の変更履歴')
    await context.close()
  })

  test('contact form works with JavaScript disabled', async ({ browser, assert }) => {
    await memberAt('福井市立明倫中学校')
    const { context, page } = await memberLogin(browser, { javaScriptEnabled: false })
    await page.goto(`${process.env.APP_URL}${route('member.inquiries.index')}`)
    await page.getByRole('link', { name: '新しくお問い合わせする' }).click()
    await page.waitForURL(`**${route('member.inquiries.new')}`)

    await page.getByLabel('お問い合わせ内容').fill('10月分の請求について\n牛乳の数量が違います。')
    await page.getByRole('button', { name: '送信する' }).click()
    await page.waitForURL(`**${route('member.inquiries.new')}`)
    assert.include(await page.textContent('main'), 'お問い合わせの種類を選んでください。')
    assert.equal(
      await page.getByLabel('お問い合わせ内容').inputValue(),
      '10月分の請求について\n牛乳の数量が違います。',
      'the typed message is kept'
    )

    await page.getByLabel('お問い合わせの種類').selectOption({ label: '請求明細について' })
    await page.getByRole('button', { name: '送信する' }).click()
    await page.waitForURL(/\/mypage\/inquiries\/\d+$/)
    const main = await page.textContent('main')
    assert.include(main, 'お問い合わせを送信しました')
    assert.include(main, '牛乳の数量が違います。')
    assert.include(main, '回答待ち')

    await page.locator('#field-body').fill('追加の写真はありません。')
    await page.getByRole('button', { name: '送信する' }).click()
    await page.getByText('メッセージを送信しました。').waitFor()
    assert.include(await page.textContent('main'), '追加の写真はありません。')
    await context.close()
  })

  test('member inquiry pages and the operator inbox are accessible; reply reaches the member', async ({
    browser,
    assert,
  }) => {
    const memberRecord = await memberAt('福井市立明倫中学校')
    await StaffUserFactory.apply('operator')
      .merge({ loginId: 'op1', password: STAFF_PASSWORD, name: '窓口 一郎' })
      .create()
    const inquiry = await InquiryFactory.merge({
      memberId: memberRecord.id,
      subject: '出資金の増口について',
    }).create()
    await InquiryMessageFactory.merge({
      inquiryId: inquiry.id,
      body: '増口の方法を教えてください。',
    }).create()

    const operator = await staffLogin(browser, 'op1')
    await operator.page.getByRole('link', { name: 'お問い合わせ' }).click()
    await operator.page.waitForURL(`**${route('staff.inquiries.index')}`)
    await assertAccessible(operator.page, assert, 'inquiry inbox')
    await operator.page.getByRole('link', { name: '出資金の増口について' }).click()
    await operator.page.getByRole('heading', { name: '出資金の増口について' }).waitFor()
    await assertAccessible(operator.page, assert, 'staff thread')
    await operator.page.locator('#field-body').fill('申込書をお送りします。')
    await operator.page.getByRole('button', { name: '回答を送信する' }).click()
    await operator.page.getByText('回答を送信しました。').waitFor()
    assert.include(await operator.page.textContent('main'), '職員：窓口 一郎')

    const member = await memberLogin(browser)
    await member.page.goto(`${process.env.APP_URL}${route('member.inquiries.index')}`)
    await assertAccessible(member.page, assert, 'member inquiry list')
    assert.include(await member.page.textContent('main'), '回答あり')
    await member.page.getByRole('link', { name: '出資金の増口について' }).click()
    await member.page.getByText('申込書をお送りします。').waitFor()
    await assertAccessible(member.page, assert, 'member thread')
    await assertNoHorizontalScroll(member.page, assert)
    await member.page.goto(`${process.env.APP_URL}${route('member.inquiries.new')}`)
    await assertAccessible(member.page, assert, 'member new inquiry')
    await member.context.close()
    await operator.context.close()
  })

  test('clerk manages notices and previews the change-history export, accessibly', async ({
    browser,
    assert,
  }) => {
    await StaffUserFactory.apply('clerk')
      .merge({ loginId: 'clerk1', password: STAFF_PASSWORD, name: '事務 花子' })
      .create()
    const { context, page } = await staffLogin(browser, 'clerk1')
    await page.getByRole('link', { name: 'お知らせ' }).click()
    await page.waitForURL(`**${route('staff.notices.index')}`)
    await assertAccessible(page, assert, 'notice list')
    await page.getByRole('link', { name: 'お知らせを作成' }).click()
    await page.waitForURL(`**${route('staff.notices.new')}`)
    await assertAccessible(page, assert, 'notice form')
    await page.getByLabel('タイトル').fill('ブラウザから作ったお知らせ')
    await page.getByLabel('本文').fill('本文です。')
    await page.getByLabel('公開する', { exact: false }).check()
    await page.getByRole('button', { name: '保存する' }).click()
    await page.getByText('お知らせを登録しました。').waitFor()
    assert.include(await page.textContent('main'), 'ブラウザから作ったお知らせ')

    await page.getByRole('link', { name: '変更履歴出力' }).click()
    await page.waitForURL(`**${route('staff.change_history.show')}`)
    await assertAccessible(page, assert, 'change history')
    await page.getByRole('button', { name: '件数を確認' }).click()
    await page.getByText('この期間の変更はありません。').waitFor()
    await context.close()
  })
})
