import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import ContributionReport from '#models/contribution_report'
import type { ImportStatus } from '#models/import_batch'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { createRegisteredMember } from '#database/factories/member_factory'
import { ImportBatchFactory } from '#database/factories/import_batch_factory'
import { StatementFactory, createPublishedStatement } from '#database/factories/statement_factory'
import { createPublishedContributionReport } from '#database/factories/contribution_balance_factory'
import { nowInJapan } from '#domain/common/clock'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { MemberPageProps } from '#presenters/staff/members'
import { route } from '#tests/helpers/routes'

/**
 * Defect 5 of issue 9: the staff member page read statements and reports by member_id alone,
 * so staged, failed and replaced batches showed next to the published one. Staff see the
 * published batch only (the same query the member's pages use); the rest lives in 取込.
 */
const UNPUBLISHED: ImportStatus[] = ['validated', 'invalid', 'failed', 'committed', 'rolled_back']

async function unpublishedBatch(
  status: ImportStatus,
  kind: 'statements' | 'contribution_reports',
  period: string
) {
  const builder =
    kind === 'statements' ? ImportBatchFactory : ImportBatchFactory.apply('contributionReports')
  return builder.merge({ status, period }).create()
}

test.group('Staff member page shows what is published', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the 請求明細 tab lists the published batch only, as the member sees it', async ({
    client,
    assert,
  }) => {
    const month = nowInJapan().minus({ months: 1 }).toFormat('yyyy-MM')
    const { member, account } = await createRegisteredMember({
      registeredAt: DateTime.utc().minus({ years: 2 }),
    })
    await createPublishedStatement({
      member,
      billingMonth: month,
      lines: [{ category: '食品', itemName: '牛乳', quantity: 1, unitPrice: 1234 }],
    })
    for (const status of UNPUBLISHED) {
      const batch = await unpublishedBatch(status, 'statements', month)
      await StatementFactory.merge({
        memberId: member.id,
        billingMonth: month,
        importBatchId: batch.id,
        totalAmount: 99999,
        lineCount: 3,
      }).create()
    }

    const staff = await StaffUserFactory.apply('clerk').create()
    const page = await asStaff(
      client.get(route('staff.members.show', { id: member.id })).qs({ tab: 'statements' }),
      staff
    ).withInertia()
    const rows = inertiaProps<MemberPageProps>(page).statements!
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].total, '1,234円')
    assert.isTrue(rows[0].visibleToMember)

    const mine = await asMember(client.get(route('member.statements.index')), account).withInertia()
    const memberSees = JSON.stringify(mine.inertiaProps)
    assert.include(memberSees, '1,234')
    assert.notInclude(memberSees, '99,999')
  })

  test('a published month before the registration is shown as not visible to the member', async ({
    client,
    assert,
  }) => {
    const registered = nowInJapan().minus({ months: 1 })
    const { member } = await createRegisteredMember({ registeredAt: registered.toUTC() })
    const before = registered.toFormat('yyyy-MM')
    const after = nowInJapan().toFormat('yyyy-MM')
    await createPublishedStatement({ member, billingMonth: before })
    await createPublishedStatement({ member, billingMonth: after })

    const staff = await StaffUserFactory.apply('operator').create()
    const page = await asStaff(
      client.get(route('staff.members.show', { id: member.id })).qs({ tab: 'statements' }),
      staff
    ).withInertia()
    const rows = inertiaProps<MemberPageProps>(page).statements!
    assert.deepEqual(
      rows.map((row) => row.visibleToMember),
      [true, false]
    )
  })

  test('the 出資 tab lists the published report of each year only', async ({ client, assert }) => {
    const year = nowInJapan().year - 2
    const { member } = await createRegisteredMember({
      registeredAt: DateTime.utc().minus({ years: 4 }),
    })
    await createPublishedContributionReport({ member, fiscalYear: year, report: { unitsStart: 7 } })
    for (const status of UNPUBLISHED) {
      const batch = await unpublishedBatch(status, 'contribution_reports', String(year))
      await ContributionReport.create({
        importBatchId: batch.id,
        memberId: member.id,
        fiscalYear: year,
        unitsStart: 50,
        amountStart: 50_000,
        unitsIncrease: 0,
        amountIncrease: 0,
        unitsDecrease: 0,
        amountDecrease: 0,
        unitsEnd: 50,
        amountEnd: 50_000,
        dividend: 500,
      })
    }

    const staff = await StaffUserFactory.apply('clerk').create()
    const page = await asStaff(
      client.get(route('staff.members.show', { id: member.id })).qs({ tab: 'contributions' }),
      staff
    ).withInertia()
    const reports = inertiaProps<MemberPageProps>(page).contributions!.reports
    assert.lengthOf(reports, 1)
    assert.equal(reports[0].unitsEnd, 7)
    assert.isTrue(reports[0].visibleToMember)
  })
})
