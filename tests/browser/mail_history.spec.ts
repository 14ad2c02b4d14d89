/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import router from '@adonisjs/core/services/router'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { createOutboxMail } from '#database/factories/mail_outbox_factory'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

const ADDRESS = 'tanaka.hanako@example.jp'
const MASKED = 't************@example.jp'

/**
 * The desk answers 「登録完了メールが届きません」: the mail history on the member page and, once
 * the caller is verified, at the phone desk; the failed mails on the dashboard. No serious
 * axe violation on any of them.
 */
test.group('Mail history in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('dashboard list -> member page tab -> verified phone desk', async ({ browser, assert }) => {
    await StaffUserFactory.apply('operator')
      .merge({ loginId: 'mails1', password: 'staff browser password' })
      .create()
    const { member } = await createRegisteredMember({
      email: ADDRESS,
      member: {
        name: '田中 花子',
        nameKana: 'タナカ ハナコ',
        birthDate: DateTime.fromISO('1975-08-09'),
        phone: '0776998877',
      },
    })
    const at = (minutes: number) => DateTime.utc().minus({ minutes })
    await createOutboxMail({
      memberId: member.id,
      recipient: ADDRESS,
      status: 'sent',
      createdAt: at(90),
    })
    await createOutboxMail({
      memberId: member.id,
      kind: 'password_reset',
      recipient: ADDRESS,
      status: 'failed',
      smtpResponse: `550 5.1.1 <${ADDRESS}>: Recipient address rejected`,
      createdAt: at(30),
    })
    await createOutboxMail({
      memberId: member.id,
      kind: 'login_code',
      recipient: ADDRESS,
      status: 'queued',
      attempts: 1,
      smtpResponse: '421 4.7.0 Try again later',
      createdAt: at(5),
    })

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    const origin = process.env.APP_URL
    await page.goto(`${origin}${router.makeUrl('staff.login.show')}`)
    await page.getByLabel('職員ID').fill('mails1')
    await page.getByLabel('パスワード').fill('staff browser password')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**${route('staff.dashboard')}`)

    const failed = page.getByRole('region', { name: /送信できなかったメール/ })
    await failed.getByText('1件').waitFor()
    assert.include(await failed.textContent(), MASKED)
    let violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], `dashboard: ${describeViolations(violations)}`)

    await failed.getByRole('link', { name: new RegExp(member.memberNumber) }).click()
    await page.waitForURL(/tab=mails/)
    const history = page.getByRole('table', { name: 'メール送信履歴' })
    await history.waitFor()
    const text = (await history.textContent()) ?? ''
    for (const expected of [
      MASKED,
      '送信済み',
      'メールサーバーが受け付けました',
      '送信できませんでした',
      `550 5.1.1 <${MASKED}>`,
      '再送待ち（一時的なエラー）',
    ]) {
      assert.include(text, expected)
    }
    assert.notInclude(await page.content(), ADDRESS)
    violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], `member page: ${describeViolations(violations)}`)

    await page.goto(`${origin}${router.makeUrl('staff.phone_desk.show', { id: member.id })}`)
    await page.getByLabel(/^組合員番号/).fill(member.memberNumber)
    assert.equal(await page.getByRole('table', { name: 'メール送信履歴' }).count(), 0)
    await page.getByLabel(/^生年月日/).fill('1975/8/9')
    await page.getByLabel(/^電話番号/).fill('0776998877')
    await page.keyboard.press('Enter')
    await page.getByText('本人確認済み').waitFor()
    const deskHistory = page.getByRole('table', { name: 'メール送信履歴' })
    await deskHistory.waitFor()
    assert.include(await deskHistory.textContent(), 'パスワード再設定のご案内を送信（G）')
    await page.getByRole('button', { name: 'パスワード再設定のご案内を送信（G）' }).waitFor()
    violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], `phone desk: ${describeViolations(violations)}`)
    await context.close()
  })
})
