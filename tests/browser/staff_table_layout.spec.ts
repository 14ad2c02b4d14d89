/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { MemberFactory } from '#database/factories/member_factory'
import { ImportBatchFactory } from '#database/factories/import_batch_factory'
import { recordAudit } from '#domain/audit/audit_trail'
import { moneyCellsNotRightAligned, wrappedTableTokens } from '#tests/helpers/layout'
import { route } from '#tests/helpers/routes'

/**
 * Issue 9, defect 13 g: at 1280 px numbers and short words wrapped mid-token in the import
 * history and the audit log, and amounts were left-aligned in the import preview.
 */
test.group('Staff tables at desk width (1280 px)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('import history, preview and audit log keep numbers whole and money right', async ({
    browser,
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin')
      .merge({ loginId: 'layout-admin', password: 'staff browser password' })
      .create()
    for (let i = 0; i < 4; i++) {
      await ImportBatchFactory.merge({
        period: `2026-0${i + 1}`,
        originalFileName: `請求明細_2026年0${i + 1}月分_基幹システム出力_最終版_修正済み.csv`,
        rowCount: 1_000_000 - i,
        memberCount: 49_876,
        totalAmount: 1_234_567_890,
        errorCount: 12_345,
        createdByStaffId: admin.id,
      }).create()
    }
    const staged = await ImportBatchFactory.apply('validated')
      .merge({
        period: '2026-05',
        rowCount: 987_654,
        memberCount: 49_876,
        totalAmount: 123_456_789,
        summaryJson: JSON.stringify({
          totals: {
            rows: 987_654,
            members: 49_876,
            totalAmount: 123_456_789,
            byCategory: {
              食品: { rows: 500_000, amount: 98_765_432 },
              日用品: { rows: 487_654, amount: 24_691_357 },
            },
            byTaxRate: { 8: { rows: 500_000, amount: 98_765_432 } },
          },
          previous: {
            rows: 900_000,
            members: 49_000,
            totalAmount: 120_000_000,
            byCategory: { 食品: { rows: 450_000, amount: 95_000_000 } },
            byTaxRate: { 8: { rows: 450_000, amount: 95_000_000 } },
          },
          previousMonth: '2026-04',
          current: null,
        }),
      })
      .create()
    const member = await MemberFactory.merge({ memberNumber: '1234567' }).create()
    for (const action of ['member.password_change', 'staff.phone_desk.reveal_initial_password']) {
      await recordAudit({
        action: action as 'member.password_change',
        outcome: 'success',
        actorType: 'staff',
        staffUserId: admin.id,
        memberId: member.id,
        origin: { ip: '2001:db8:85a3:0000:0000:8a2e:0370:7334', userAgent: 'test' },
        details: { matched: ['memberNumber', 'birthDate', 'phone'], reason: 'lost_letter' },
      })
    }

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${process.env.APP_URL}${route('staff.login.show')}`)
    await page.getByLabel('職員ID').fill('layout-admin')
    await page.getByLabel('パスワード').fill('staff browser password')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**${route('staff.dashboard')}`)

    for (const path of [
      route('staff.imports.index'),
      route('staff.audit_log.index'),
      route('staff.imports.show', { id: staged.id }),
    ]) {
      await page.goto(`${process.env.APP_URL}${path}`)
      await page.locator('h1').first().waitFor()
      const broken = await wrappedTableTokens(page)
      assert.deepEqual(broken, [], `${path}: wrapped inside ${broken.join(', ')}`)
      // Kept whole, the tables still fit the desk width (no sideways scrolling inside them).
      const sideways = await page.evaluate(() =>
        Array.from(document.querySelectorAll('.table-wrap'))
          .filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1)
          .map((wrap) => `${wrap.scrollWidth} > ${wrap.clientWidth}`)
      )
      assert.deepEqual(sideways, [], `${path}: a table scrolls sideways`)
      const left = await moneyCellsNotRightAligned(page)
      assert.deepEqual(left, [], `${path}: amounts not right-aligned: ${left.join(', ')}`)
    }
    await context.close()
  })
})
