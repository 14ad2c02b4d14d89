import { test } from '@japa/runner'
import { ApiRequest } from '@japa/api-client'
import testUtils from '@adonisjs/core/services/test_utils'
import iconv from 'iconv-lite'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { asMember } from '#tests/helpers/sessions'
import { pdfText } from '#tests/helpers/pdf'
import { inertiaProps } from '#tests/helpers/inertia'
import type { YearlyUsageProps } from '#presenters/member/yearly_usage'
import { route } from '#tests/helpers/routes'

/** 年間ご利用明細 (issue 12 item 4): page, PDF and CSV for a calendar or a fiscal year. */

// Registered in 2026-02 (Japan time): statements from 2026-03 on are visible.
const REGISTERED = DateTime.fromISO('2026-02-10T00:00:00Z')

async function memberWithAYear() {
  const { member, account } = await createRegisteredMember({
    registeredAt: REGISTERED,
    member: { name: '山田 花子', memberNumber: '1234567' },
  })
  // The registration month: published, never counted.
  await createPublishedStatement({
    member,
    billingMonth: '2026-02',
    lines: [{ category: '食品', quantity: 1, unitPrice: 99999 }],
  })
  await createPublishedStatement({
    member,
    billingMonth: '2026-03',
    lines: [
      { category: '食品', itemName: '牛乳', quantity: 2, unitPrice: 238 },
      { category: '日用品', itemName: '洗剤', quantity: 1, unitPrice: 12345 },
    ],
  })
  await createPublishedStatement({
    member,
    billingMonth: '2026-04',
    lines: [
      { category: '食品', itemName: '米', quantity: 1, unitPrice: 2000 },
      { category: '返品', itemName: '=米（返品）', quantity: -1, unitPrice: 500 },
    ],
  })
  await createPublishedStatement({
    member,
    billingMonth: '2027-03',
    lines: [{ category: '保険', itemName: '共済掛金', quantity: 1, unitPrice: 1200 }],
  })
  return { member, account }
}

function readBytes(res: any, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

test.group('Member yearly usage (年間ご利用明細)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.setup(() => {
    ApiRequest.addParser('text/csv', readBytes)
    return () => ApiRequest.removeParser('text/csv')
  })

  test('the statements list links it; the index opens the newest calendar year', async ({
    client,
    assert,
  }) => {
    const { account } = await memberWithAYear()
    const list = await asMember(client.get(route('member.statements.index')), account)
    list.assertStatus(200)
    assert.include(list.text(), route('member.yearly_usage.index'))
    assert.include(list.text(), '年間ご利用明細')

    const index = await asMember(client.get(route('member.yearly_usage.index')), account).redirects(
      0
    )
    index.assertStatus(302)
    index.assertHeader(
      'location',
      route('member.yearly_usage.show', { basis: 'calendar', year: '2027' })
    )
  })

  test('a calendar year: totals by month and by category, money formatted', async ({
    client,
    assert,
  }) => {
    const { account } = await memberWithAYear()
    const response = await asMember(
      client.get(route('member.yearly_usage.show', { basis: 'calendar', year: '2026' })),
      account
    ).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/statements/yearly')
    const props = inertiaProps<YearlyUsageProps>(response)
    const usage = props.usage!
    assert.equal(usage.title, '2026年')
    assert.equal(usage.range, '2026年1月分〜2026年12月分')
    assert.equal(usage.total, '14,321円')
    assert.equal(usage.lineCount, 4)
    assert.deepEqual(
      usage.months.slice(0, 5).map((m) => [m.label, m.total, m.lineCount]),
      [
        ['2026年1月分', '明細なし', 0],
        ['2026年2月分', '明細なし', 0],
        ['2026年3月分', '12,821円', 2],
        ['2026年4月分', '1,500円', 2],
        ['2026年5月分', '明細なし', 0],
      ]
    )
    assert.equal(usage.months[2].href, route('member.statements.show', { month: '2026-03' }))
    assert.deepEqual(usage.categories, [
      { category: '日用品', amount: '12,345円', lineCount: 1 },
      { category: '食品', amount: '2,476円', lineCount: 2 },
      { category: '返品', amount: '\u2212500円', lineCount: 1 },
    ])
    assert.deepEqual(
      props.calendarYears.map((y) => [y.label, y.current]),
      [
        ['2027年', false],
        ['2026年', true],
      ]
    )
    assert.deepEqual(
      props.fiscalYears.map((y) => y.label),
      ['2026年度（2026年4月〜2027年3月）', '2025年度（2025年4月〜2026年3月）']
    )
    // Server-rendered: readable without JavaScript, the money in right-aligned cells.
    const html = await asMember(
      client.get(route('member.yearly_usage.show', { basis: 'calendar', year: '2026' })),
      account
    )
    assert.include(html.text(), '<td class="number">12,821円</td>')
    assert.include(html.text(), '区分別のご利用金額')
  })

  test('a fiscal year runs April to March', async ({ client, assert }) => {
    const { account } = await memberWithAYear()
    const response = await asMember(
      client.get(route('member.yearly_usage.show', { basis: 'fiscal', year: '2026' })),
      account
    ).withInertia()
    response.assertStatus(200)
    const usage = inertiaProps<YearlyUsageProps>(response).usage!
    assert.equal(usage.title, '2026年度')
    assert.equal(usage.range, '2026年4月分〜2027年3月分')
    assert.equal(usage.months[0].total, '1,500円')
    assert.equal(usage.months[11].total, '1,200円')
    assert.equal(usage.total, '2,700円')
  })

  test('{url} answers 404')
    .with([
      // No visible month in that year (2025: before registration; fiscal 2027: none yet).
      { url: route('member.yearly_usage.show', { basis: 'calendar', year: '2025' }) },
      { url: route('member.yearly_usage.show', { basis: 'fiscal', year: '2027' }) },
      { url: route('member.yearly_usage.show', { basis: 'weekly', year: '2026' }) },
      { url: route('member.yearly_usage.show', { basis: 'calendar', year: 'abcd' }) },
      { url: route('member.yearly_usage.pdf', { basis: 'calendar', year: '2025' }) },
      { url: route('member.yearly_usage.csv', { basis: 'calendar', year: '2025' }) },
    ])
    .run(async ({ client }, { url }) => {
      const { account } = await memberWithAYear()
      const response = await asMember(client.get(url), account)
      response.assertStatus(404)
    })

  test("another member's year is a 404, and their data never counts", async ({
    client,
    assert,
  }) => {
    await memberWithAYear()
    const { member: other, account } = await createRegisteredMember({ registeredAt: REGISTERED })
    for (const url of [
      route('member.yearly_usage.show', { basis: 'calendar', year: '2027' }),
      route('member.yearly_usage.csv', { basis: 'calendar', year: '2027' }),
      route('member.yearly_usage.pdf', { basis: 'calendar', year: '2027' }),
    ]) {
      const response = await asMember(client.get(url), account)
      response.assertStatus(404)
    }
    await createPublishedStatement({
      member: other,
      billingMonth: '2026-03',
      lines: [{ category: '食品', quantity: 1, unitPrice: 10 }],
    })
    const response = await asMember(
      client.get(route('member.yearly_usage.show', { basis: 'calendar', year: '2026' })),
      account
    ).withInertia()
    assert.equal(inertiaProps<YearlyUsageProps>(response).usage!.total, '10円')
  })

  test('a member with no visible statement sees the empty page', async ({ client, assert }) => {
    const { account } = await createRegisteredMember({ registeredAt: REGISTERED })
    const response = await asMember(
      client.get(route('member.yearly_usage.index')),
      account
    ).withInertia()
    response.assertStatus(200)
    const props = inertiaProps<YearlyUsageProps>(response)
    assert.isNull(props.usage)
    assert.deepEqual(props.calendarYears, [])
  })

  test('not logged in: the page, CSV and PDF redirect to the log-in page', async ({ client }) => {
    for (const url of [
      route('member.yearly_usage.index'),
      route('member.yearly_usage.show', { basis: 'calendar', year: '2026' }),
      route('member.yearly_usage.csv', { basis: 'calendar', year: '2026' }),
      route('member.yearly_usage.pdf', { basis: 'calendar', year: '2026' }),
    ]) {
      const response = await client.get(url).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('public.login.show'))
    }
  })

  test('CSV: UTF-8 with a BOM, a row per month and a column per category', async ({
    client,
    assert,
  }) => {
    const { account } = await memberWithAYear()
    const response = await asMember(
      client.get(route('member.yearly_usage.csv', { basis: 'fiscal', year: '2025' })),
      account
    )
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'text/csv; charset=UTF-8')
    assert.include(
      response.header('content-disposition'),
      `filename*=UTF-8''${encodeURIComponent('年間ご利用明細_2025年度.csv')}`
    )
    assert.equal(response.header('cache-control'), 'no-store')
    const buffer = response.body() as Buffer
    assert.deepEqual([...buffer.subarray(0, 3)], [0xef, 0xbb, 0xbf])
    const lines = buffer.subarray(3).toString('utf8').split('\r\n')
    assert.equal(lines[0], '請求月,日用品,食品,合計（税込）')
    assert.equal(lines[1], '2025-04,,,')
    assert.equal(lines[11], '2026-02,,,')
    assert.equal(lines[12], '2026-03,12345,476,12821')
    assert.equal(lines[13], '合計,12345,476,12821')
    assert.equal(lines.length, 15)
  })

  test('CSV ?encoding=sjis decodes to the same rows', async ({ client, assert }) => {
    const { account } = await memberWithAYear()
    const response = await asMember(
      client
        .get(route('member.yearly_usage.csv', { basis: 'calendar', year: '2026' }))
        .qs({ encoding: 'sjis' }),
      account
    )
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'text/csv; charset=Shift_JIS')
    const text = iconv.decode(response.body() as Buffer, 'cp932')
    assert.include(text, '請求月,日用品,食品,返品,合計（税込）\r\n')
    assert.include(text, '2026-04,0,2000,-500,1500\r\n')
    assert.include(text, '合計,12345,2476,-500,14321\r\n')
  })

  test('PDF: the member, the period, the month and category totals', async ({ client, assert }) => {
    const { account } = await memberWithAYear()
    const response = await asMember(
      client.get(route('member.yearly_usage.pdf', { basis: 'fiscal', year: '2026' })),
      account
    )
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    const text = await pdfText(response.body() as Buffer)
    for (const expected of [
      '年間ご利用明細書',
      '2026年度',
      '2026年4月分〜2027年3月分',
      '山田 花子 様',
      '1234567',
      '福井県学校生活協同組合',
      '2026年4月分',
      '2027年3月分',
      '明細なし',
      '保険',
      '1,200円',
      '\u2212500円',
      '2,700円',
    ]) {
      assert.include(text, expected)
    }
    assert.notInclude(text, '99,999円')
  })
})
