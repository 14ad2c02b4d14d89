/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { writeFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import iconv from 'iconv-lite'
import db from '@adonisjs/lucid/services/db'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { corpusMembers } from '#tests/helpers/imports'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

/**
 * The clerk's journey: upload -> validation with a progress bar -> preview -> commit with a
 * progress bar -> result. The runner works in the background of the test server (the same
 * process, inside the test's transaction), slowed down so the progress bar can be seen.
 */
test.group('Import journey in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())
  group.each.setup(() => {
    process.env.IMPORT_RUNNER = 'background'
    process.env.IMPORT_CHUNK_DELAY_MS = '600'
    return () => {
      delete process.env.IMPORT_RUNNER
      delete process.env.IMPORT_CHUNK_DELAY_MS
    }
  })

  test('a clerk uploads a CP932 file, previews, commits and sees the result', async ({
    browser,
    assert,
  }) => {
    await StaffUserFactory.apply('clerk')
      .merge({ loginId: 'clerk1', password: 'staff browser password' })
      .create()
    await corpusMembers()
    let csv = '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率\r\n'
    for (let i = 1; i <= 6000; i++) {
      csv += `2026/10,${i % 2 ? '2000001' : '2000002'},2026/10/05,食品,"髙﨑の牛乳 ${i}",1,"1,000","1,000",8\r\n`
    }
    const file = app.tmpPath('browser-import.csv')
    await writeFile(file, iconv.encode(csv, 'cp932'))

    const page = await browser.newPage()
    await page.goto(`${process.env.APP_URL}${route('staff.login.show')}`)
    await page.getByLabel('職員ID').fill('clerk1')
    await page.getByLabel('パスワード').fill('staff browser password')
    await page.getByRole('button', { name: 'ログイン', exact: true }).click()
    await page.waitForURL(`**${route('staff.dashboard')}`)

    await page.goto(`${process.env.APP_URL}${route('staff.imports.index')}`)
    const violations = await seriousAxeViolations(page)
    assert.deepEqual(violations, [], describeViolations(violations))
    await page.getByLabel('請求月・年度').fill('2026-10')
    await page.locator('#import-file').setInputFiles(file)
    await page.getByRole('button', { name: 'アップロードして検証する' }).click()

    // Validation runs in the background: the progress bar shows, then the preview.
    await page.waitForURL(/\/staff\/imports\/\d+$/)
    await page.locator('progress#import-progress-bar').waitFor()
    await page.getByRole('heading', { name: '集計' }).waitFor({ timeout: 30_000 })
    const main = await page.textContent('main')
    assert.include(main, '6,000,000円')
    assert.include(main, 'Shift_JIS（CP932）')
    assert.include(main, '6,000行')

    await page.getByRole('button', { name: 'この内容で反映する' }).click()
    await page.locator('progress#import-progress-bar').waitFor()
    await page.getByText('に反映しました').waitFor({ timeout: 30_000 })
    const pointer = await db.from('billing_months').where('billing_month', '2026-10').first()
    assert.isNotNull(pointer.active_batch_id)
    const after = await seriousAxeViolations(page)
    assert.deepEqual(after, [], describeViolations(after))
  }).timeout(120_000)
})
