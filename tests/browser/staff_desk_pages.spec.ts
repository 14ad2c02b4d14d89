/// <reference lib="dom" />
import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { recordAudit } from '#domain/audit/audit_trail'
import { describeViolations, seriousAxeViolations } from '#tests/helpers/axe'
import { route } from '#tests/helpers/routes'

/** Every page of the staff desk, as an admin sees it, with no serious axe violation. */
test.group('Staff desk pages in Chromium', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  test('member search, member tabs, audit log, accounts, guide letters, security', async ({
    browser,
    assert,
  }) => {
    await StaffUserFactory.apply('admin')
      .merge({ loginId: 'admin1', password: 'staff browser password' })
      .create()
    const { member, account } = await createRegisteredMember({
      member: { name: '山田 花子', nameKana: 'ヤマダ ハナコ' },
    })
    account.lockedUntil = DateTime.utc().plus({ minutes: 20 })
    await account.save()
    await recordAudit({
      action: 'staff.phone_desk.verify',
      outcome: 'failure',
      actorType: 'staff',
      memberId: member.id,
      origin: { ip: '127.0.0.1', userAgent: 'test' },
    })

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await page.goto(`${process.env.APP_URL}${route('staff.login.show')}`)
    await page.getByLabel('職員ID').fill('admin1')
    await page.getByLabel('パスワード').fill('staff browser password')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**${route('staff.dashboard')}`)

    const urls = [
      `${route('staff.members.index')}?q=%E3%82%84%E3%81%BE%E3%81%A0`,
      `${route('staff.members.index')}?locked=1`,
      ...[
        'profile',
        'account',
        'statements',
        'contributions',
        'changes',
        'requests',
        'inquiries',
        'audit',
      ].map((tab) => `${route('staff.members.show', { id: member.id })}?tab=${tab}`),
      route('staff.phone_desk.show', { id: member.id }),
      route('staff.audit_log.index'),
      route('staff.accounts.index'),
      route('staff.guide_letters.index'),
      route('staff.security'),
    ]
    for (const url of urls) {
      await page.goto(`${process.env.APP_URL}${url}`)
      await page.locator('h1').first().waitFor()
      const violations = await seriousAxeViolations(page)
      assert.deepEqual(violations, [], `${url}: ${describeViolations(violations)}`)
    }
    await context.close()
  })
})
