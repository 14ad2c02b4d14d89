import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import {
  ContributionBalanceFactory,
  ContributionEventFactory,
  createPublishedContributionReport,
} from '#database/factories/contribution_balance_factory'
import ContributionReport from '#models/contribution_report'
import ContributionReportYear from '#models/contribution_report_year'
import ImportBatch from '#models/import_batch'
import { committedBatchAttributes } from '#database/factories/import_batch_factory'
import { nowInJapan } from '#domain/common/clock'
import { asMember } from '#tests/helpers/sessions'
import { pdfText } from '#tests/helpers/pdf'
import { inertiaProps } from '#tests/helpers/inertia'
import type { ContributionReportProps, ContributionsProps } from '#presenters/member/contributions'
import { route } from '#tests/helpers/routes'

/** The newest fiscal year published today (July 1 rule), and a registration before its deadline. */
const today = nowInJapan()
const PUBLISHED_YEAR = today.month >= 7 ? today.year - 1 : today.year - 2
const EARLY = DateTime.fromObject({ year: PUBLISHED_YEAR, month: 5, day: 1 }, { zone: 'utc' })

async function memberWithContributions(registeredAt = EARLY) {
  const { member, account } = await createRegisteredMember({
    registeredAt,
    member: { name: '山田 花子', memberNumber: '2345678' },
  })
  await ContributionBalanceFactory.merge({ memberId: member.id, units: 20 }).create()
  await ContributionEventFactory.merge({
    memberId: member.id,
    occurredOn: DateTime.fromISO('2008-04-01'),
    note: '加入',
  }).create()
  await ContributionEventFactory.merge({
    memberId: member.id,
    occurredOn: DateTime.fromISO('2016-04-01'),
    kind: 'increase',
    unitsDelta: 10,
    amountDelta: 10000,
    unitsAfter: 20,
    amountAfter: 20000,
    note: '増口',
  }).create()
  return { member, account }
}

test.group('Member contributions: status and history', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('shows units, amount and the history newest first', async ({ client, assert }) => {
    const { account } = await memberWithContributions()
    const response = await asMember(
      client.get(route('member.contributions.index')),
      account
    ).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/contributions/index')
    const props = inertiaProps<ContributionsProps>(response)
    assert.deepEqual(props.balance, { units: '20口', amount: '20,000円' })
    assert.deepEqual(
      props.history.map((e) => [e.date, e.note, e.unitsDelta, e.amountDelta, e.unitsAfter]),
      [
        ['2016年4月1日', '増口', '+10口', '+10,000円', '20口'],
        ['2008年4月1日', '加入', '+10口', '+10,000円', '10口'],
      ]
    )
  })

  test("another member's history is not shown; no balance says so", async ({ client, assert }) => {
    await memberWithContributions()
    const { account } = await createRegisteredMember({ registeredAt: EARLY })
    const response = await asMember(
      client.get(route('member.contributions.index')),
      account
    ).withInertia()
    const props = inertiaProps<ContributionsProps>(response)
    assert.isNull(props.balance)
    assert.deepEqual(props.history, [])
    assert.deepEqual(props.reports, [])
  })

  test('is visible at once after registration (no publication rule)', async ({
    client,
    assert,
  }) => {
    const { account } = await memberWithContributions(DateTime.utc().minus({ minutes: 5 }))
    const response = await asMember(
      client.get(route('member.contributions.index')),
      account
    ).withInertia()
    const props = inertiaProps<ContributionsProps>(response)
    assert.equal(props.balance!.amount, '20,000円')
    assert.deepEqual(props.reports, [])
  })

  test('not logged in: redirected to the log-in page', async ({ client }) => {
    for (const url of [
      route('member.contributions.index'),
      route('member.contributions.report', { fiscalYear: PUBLISHED_YEAR }),
      route('member.contributions.report_pdf', { fiscalYear: PUBLISHED_YEAR }),
    ]) {
      const response = await client.get(url).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('public.login.show'))
    }
  })
})

test.group('Member contributions: annual reports', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('lists published reports and shows one with its figures', async ({ client, assert }) => {
    const { member, account } = await memberWithContributions()
    await createPublishedContributionReport({
      member,
      fiscalYear: PUBLISHED_YEAR,
      report: { unitsStart: 15, unitsIncrease: 5, unitsDecrease: 0, dividend: 150 },
    })
    // Next year's report is imported but not published until July 1.
    await createPublishedContributionReport({ member, fiscalYear: PUBLISHED_YEAR + 1 })

    const list = await asMember(
      client.get(route('member.contributions.index')),
      account
    ).withInertia()
    const props = inertiaProps<ContributionsProps>(list)
    assert.deepEqual(
      props.reports.map((r) => [r.label, r.amountEnd, r.href]),
      [
        [
          `${PUBLISHED_YEAR}年度 出資報告`,
          '20,000円',
          route('member.contributions.report', { fiscalYear: PUBLISHED_YEAR }),
        ],
      ]
    )

    const detail = await asMember(
      client.get(route('member.contributions.report', { fiscalYear: PUBLISHED_YEAR })),
      account
    ).withInertia()
    detail.assertStatus(200)
    detail.assertInertiaComponent('member/contributions/report')
    const report = inertiaProps<ContributionReportProps>(detail)
    assert.equal(report.period, `${PUBLISHED_YEAR}年4月1日〜${PUBLISHED_YEAR + 1}年3月31日`)
    assert.deepEqual(report.rows[0], { label: '期首出資金', units: '15口', amount: '15,000円' })
    assert.deepEqual(report.rows[3], { label: '期末出資金', units: '20口', amount: '20,000円' })
    assert.equal(report.dividend, '150円')
  })

  test('the PDF carries the member, the year, the figures and the dividend', async ({
    client,
    assert,
  }) => {
    const { member, account } = await memberWithContributions()
    await createPublishedContributionReport({
      member,
      fiscalYear: PUBLISHED_YEAR,
      report: { unitsStart: 15, unitsIncrease: 5, dividend: 150 },
    })
    const response = await asMember(
      client.get(route('member.contributions.report_pdf', { fiscalYear: PUBLISHED_YEAR })),
      account
    )
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    const text = await pdfText(response.body() as Buffer)
    for (const expected of [
      '出資報告書',
      `${PUBLISHED_YEAR}年度`,
      '山田 花子 様',
      '2345678',
      '福井県学校生活協同組合',
      '期末出資金',
      '20,000円',
      '出資配当金',
      '150円',
    ]) {
      assert.include(text, expected)
    }
  })

  test('{case}: 404 for the page and the PDF')
    .with([
      { case: 'not published yet', year: PUBLISHED_YEAR + 1, registeredAt: EARLY },
      {
        case: 'registered after June 30',
        year: PUBLISHED_YEAR,
        registeredAt: DateTime.fromObject(
          { year: PUBLISHED_YEAR + 1, month: 7, day: 1 },
          { zone: 'Asia/Tokyo' }
        ).toUTC(),
      },
      { case: 'no report for that year', year: PUBLISHED_YEAR - 3, registeredAt: EARLY },
      { case: 'malformed year', year: 'abcd', registeredAt: EARLY },
    ])
    .run(async ({ client }, { year, registeredAt }) => {
      const { member, account } = await memberWithContributions(registeredAt)
      await createPublishedContributionReport({ member, fiscalYear: PUBLISHED_YEAR })
      await createPublishedContributionReport({ member, fiscalYear: PUBLISHED_YEAR + 1 })
      for (const url of [
        route('member.contributions.report', { fiscalYear: year }),
        route('member.contributions.report_pdf', { fiscalYear: year }),
      ]) {
        const response = await asMember(client.get(url), account)
        response.assertStatus(404)
      }
    })

  test('a registration on June 30 (Japan) still sees that spring’s report', async ({ client }) => {
    const lastMinute = DateTime.fromObject(
      { year: PUBLISHED_YEAR + 1, month: 6, day: 30, hour: 23, minute: 59 },
      { zone: 'Asia/Tokyo' }
    ).toUTC()
    const { member, account } = await memberWithContributions(lastMinute)
    await createPublishedContributionReport({ member, fiscalYear: PUBLISHED_YEAR })
    const response = await asMember(
      client.get(route('member.contributions.report', { fiscalYear: PUBLISHED_YEAR })),
      account
    )
    response.assertStatus(200)
  })

  test("another member's report is a 404", async ({ client }) => {
    const { member } = await memberWithContributions()
    await createPublishedContributionReport({ member, fiscalYear: PUBLISHED_YEAR })
    const { account: other } = await createRegisteredMember({ registeredAt: EARLY })
    const response = await asMember(
      client.get(route('member.contributions.report', { fiscalYear: PUBLISHED_YEAR })),
      other
    )
    response.assertStatus(404)
  })

  test('only the active batch of the year is shown', async ({ client, assert }) => {
    const { member, account } = await memberWithContributions()
    await createPublishedContributionReport({ member, fiscalYear: PUBLISHED_YEAR })
    // A replacement batch becomes active: the old row disappears, the new one shows.
    const replacement = await ImportBatch.create(
      committedBatchAttributes('contribution_reports', String(PUBLISHED_YEAR))
    )
    await ContributionReport.create({
      importBatchId: replacement.id,
      memberId: member.id,
      fiscalYear: PUBLISHED_YEAR,
      unitsStart: 1,
      amountStart: 1000,
      unitsIncrease: 0,
      amountIncrease: 0,
      unitsDecrease: 0,
      amountDecrease: 0,
      unitsEnd: 1,
      amountEnd: 1000,
      dividend: 10,
    })
    await ContributionReportYear.query()
      .where('fiscal_year', PUBLISHED_YEAR)
      .update({ activeBatchId: replacement.id })
    const response = await asMember(
      client.get(route('member.contributions.index')),
      account
    ).withInertia()
    const props = inertiaProps<ContributionsProps>(response)
    assert.deepEqual(
      props.reports.map((r) => r.amountEnd),
      ['1,000円']
    )
  })
})
