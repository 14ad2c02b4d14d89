import { test } from '@japa/runner'
import { ApiRequest } from '@japa/api-client'
import testUtils from '@adonisjs/core/services/test_utils'
import iconv from 'iconv-lite'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import ImportBatch from '#models/import_batch'
import BillingMonth from '#models/billing_month'
import Statement from '#models/statement'
import { committedBatchAttributes } from '#database/factories/import_batch_factory'
import { asMember } from '#tests/helpers/sessions'
import { pdfPageCount, pdfText } from '#tests/helpers/pdf'
import { inertiaProps } from '#tests/helpers/inertia'
import type { StatementListProps, StatementPageProps } from '#presenters/member/statements'
import { route } from '#tests/helpers/routes'
import { restoreClock, setJapanTime } from '#tests/helpers/clock'

const REGISTERED = DateTime.fromISO('2026-05-10T00:00:00Z')

async function memberWithStatements() {
  const { member, account } = await createRegisteredMember({
    registeredAt: REGISTERED,
    member: { name: '山田 花子', memberNumber: '1234567' },
  })
  await createPublishedStatement({
    member,
    billingMonth: '2026-09',
    lines: [{ category: '食品', itemName: '牛乳', quantity: 2, unitPrice: 1000, taxRate: 8 }],
  })
  await createPublishedStatement({
    member,
    billingMonth: '2026-10',
    lines: [
      {
        lineDate: '2026-10-03',
        category: '食品',
        itemName: 'いちほまれ 2kg',
        quantity: 2,
        unitPrice: 1680,
        taxRate: 8,
      },
      {
        lineDate: '2026-10-05',
        category: '日用品',
        itemName: '洗剤, "詰め替え"',
        quantity: 1,
        unitPrice: 12345,
        taxRate: 10,
      },
      {
        lineDate: '2026-10-20',
        category: '保険',
        itemName: '=火災共済',
        quantity: 1,
        unitPrice: 1500,
        taxRate: 0,
      },
      {
        lineDate: '2026-10-28',
        category: '返品',
        itemName: '洗剤（返品）',
        quantity: -1,
        unitPrice: 345,
        taxRate: 10,
      },
    ],
  })
  return { member, account }
}

test.group('Member statements: list and chart', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.teardown(() => restoreClock())

  test('lists visible months newest first with totals, and the 12-month chart', async ({
    client,
    assert,
  }) => {
    setJapanTime('2026-11-15T12:00:00')
    const { member, account } = await memberWithStatements()
    // The registration month (2026-05) is never shown.
    await createPublishedStatement({ member, billingMonth: '2026-05' })

    const response = await asMember(
      client.get(route('member.statements.index')),
      account
    ).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/statements/index')
    const props = inertiaProps<StatementListProps>(response)
    assert.deepEqual(
      props.months.map((m) => [m.label, m.total, m.lineCount, m.href]),
      [
        ['2026年10月分', '16,860円', 4, route('member.statements.show', { month: '2026-10' })],
        ['2026年9月分', '2,000円', 1, route('member.statements.show', { month: '2026-09' })],
      ]
    )
    // On 2026-11-15 the chart runs 2025-11 … 2026-10 (the last 12 billing months).
    assert.deepEqual(
      [props.chart[0].billingMonth, props.chart[11].billingMonth],
      ['2025-11', '2026-10']
    )
    assert.deepEqual(
      props.chart.filter((m) => m.total !== null).map((m) => [m.billingMonth, m.total]),
      [
        ['2026-09', 2000],
        ['2026-10', 16860],
      ]
    )
  })

  test('the page is server-rendered with the SVG chart and its data table', async ({
    client,
    assert,
  }) => {
    const { account } = await memberWithStatements()
    const response = await asMember(client.get(route('member.statements.index')), account)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, '<svg')
    assert.include(html, '月別ご請求金額のグラフ')
    assert.include(html, '2026年10月分')
    assert.include(html, `href="${route('member.statements.show', { month: '2026-10' })}"`)
  })

  test('only the active batch of a month counts', async ({ client, assert }) => {
    const { member, account } = await memberWithStatements()
    // A re-import of 2026-10 that has not become the active batch.
    const stale = await ImportBatch.create(committedBatchAttributes('statements', '2026-10'))
    await Statement.create({
      importBatchId: stale.id,
      memberId: member.id,
      billingMonth: '2026-10',
      totalAmount: 999999,
      lineCount: 1,
    })
    const response = await asMember(
      client.get(route('member.statements.index')),
      account
    ).withInertia()
    const props = inertiaProps<StatementListProps>(response)
    assert.deepEqual(
      props.months.map((m) => m.total),
      ['16,860円', '2,000円']
    )
    // A month whose pointer was cleared is gone.
    await BillingMonth.query().where('billing_month', '2026-09').update({ activeBatchId: null })
    const after = await asMember(
      client.get(route('member.statements.index')),
      account
    ).withInertia()
    assert.lengthOf(inertiaProps<StatementListProps>(after).months, 1)
  })

  test('not logged in: redirected to the log-in page', async ({ client }) => {
    const response = await client.get(route('member.statements.index')).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('public.login.show'))
  })
})

test.group('Member statements: a month', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('shows lines, tax-rate subtotals and the total', async ({ client, assert }) => {
    const { account } = await memberWithStatements()
    const response = await asMember(
      client.get(route('member.statements.show', { month: '2026-10' })),
      account
    ).withInertia()
    response.assertStatus(200)
    response.assertInertiaComponent('member/statements/show')
    const props = inertiaProps<StatementPageProps>(response)
    assert.equal(props.label, '2026年10月分')
    assert.equal(props.total, '16,860円')
    assert.deepEqual(props.lines[0], {
      lineNumber: 1,
      date: '2026年10月3日',
      category: '食品',
      itemName: 'いちほまれ 2kg',
      quantity: '2',
      unitPrice: '1,680円',
      amount: '3,360円',
      taxRate: '8%',
      isNegative: false,
    })
    assert.equal(props.lines[3].amount, '\u2212345円')
    assert.equal(props.lines[3].quantity, '\u22121')
    assert.deepEqual(props.subtotals, [
      { label: '10%対象', amount: '12,000円', lineCount: 2 },
      { label: '8%対象', amount: '3,360円', lineCount: 1 },
      { label: '非課税・対象外', amount: '1,500円', lineCount: 1 },
    ])
    assert.equal(props.csvHref, route('member.statements.csv', { month: '2026-10' }))
    assert.deepEqual(props.older, {
      label: '2026年9月分',
      href: route('member.statements.show', { month: '2026-09' }),
    })
    assert.isNull(props.newer)
  })

  test('{url} answers 404')
    .with([
      { url: route('member.statements.show', { month: '2026-05' }) }, // the registration month
      { url: route('member.statements.show', { month: '2026-04' }) }, // before registration
      { url: route('member.statements.show', { month: '2026-08' }) }, // no statement
      { url: route('member.statements.show', { month: '2026-13' }) }, // malformed
      { url: route('member.statements.show', { month: 'abc' }) },
      { url: route('member.statements.show', { month: '2026-5' }) },
      { url: route('member.statements.csv', { month: '2026-05' }) },
      { url: route('member.statements.pdf', { month: '2026-05' }) },
      { url: route('member.statements.csv', { month: 'x' }) },
    ])
    .run(async ({ client }, { url }) => {
      const { member, account } = await memberWithStatements()
      await createPublishedStatement({ member, billingMonth: '2026-05' })
      await createPublishedStatement({ member, billingMonth: '2026-04' })
      const response = await asMember(client.get(url), account)
      response.assertStatus(404)
    })

  test("another member's month is a 404, for the page, CSV and PDF", async ({ client }) => {
    await memberWithStatements()
    const { account: other } = await createRegisteredMember({ registeredAt: REGISTERED })
    for (const url of [
      route('member.statements.show', { month: '2026-10' }),
      route('member.statements.csv', { month: '2026-10' }),
      route('member.statements.pdf', { month: '2026-10' }),
    ]) {
      const response = await asMember(client.get(url), other)
      response.assertStatus(404)
    }
  })

  test('not logged in: the month, CSV and PDF redirect to the log-in page', async ({ client }) => {
    for (const url of [
      route('member.statements.show', { month: '2026-10' }),
      route('member.statements.csv', { month: '2026-10' }),
      route('member.statements.pdf', { month: '2026-10' }),
    ]) {
      const response = await client.get(url).redirects(0)
      response.assertStatus(302)
      response.assertHeader('location', route('public.login.show'))
    }
  })

  test('a member whose refund is pending still reads and downloads', async ({ client, assert }) => {
    const { member, account } = await createRegisteredMember({
      registeredAt: REGISTERED,
      states: ['withdrawalPending'],
    })
    await createPublishedStatement({ member, billingMonth: '2026-10' })
    const page = await asMember(
      client.get(route('member.statements.show', { month: '2026-10' })),
      account
    )
    page.assertStatus(200)
    const csv = await asMember(
      client.get(route('member.statements.csv', { month: '2026-10' })),
      account
    )
    csv.assertStatus(200)
    assert.include(csv.header('content-type'), 'text/csv')
  })

  test('a withdrawn member (refund date passed) is sent to the log-in page', async ({ client }) => {
    const { member, account } = await createRegisteredMember({
      registeredAt: REGISTERED,
      states: ['withdrawn'],
    })
    await createPublishedStatement({ member, billingMonth: '2026-10' })
    const response = await asMember(
      client.get(route('member.statements.csv', { month: '2026-10' })),
      account
    ).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('public.login.show'))
  })
})

/** CSV bodies as raw bytes (superagent would decode them as UTF-8 text). */
function readBytes(res: any, done: (error: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

test.group('Member statements: downloads', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.setup(() => {
    ApiRequest.addParser('text/csv', readBytes)
    return () => ApiRequest.removeParser('text/csv')
  })

  test('CSV is UTF-8 with a BOM by default, formulas neutralised', async ({ client, assert }) => {
    const { account } = await memberWithStatements()
    const response = await asMember(
      client.get(route('member.statements.csv', { month: '2026-10' })),
      account
    )
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'text/csv; charset=UTF-8')
    assert.include(response.header('content-disposition'), "filename*=UTF-8''")
    assert.equal(response.header('cache-control'), 'no-store')
    const buffer = response.body() as Buffer
    assert.deepEqual([...buffer.subarray(0, 3)], [0xef, 0xbb, 0xbf])
    const text = buffer.subarray(3).toString('utf8')
    const lines = text.split('\r\n')
    assert.equal(lines[0], '請求月,利用日,区分,品名,数量,単価,金額（税込）,税率（%）')
    assert.equal(lines[1], '2026-10,2026/10/03,食品,いちほまれ 2kg,2,1680,3360,8')
    assert.equal(lines[2], '2026-10,2026/10/05,日用品,"洗剤, ""詰め替え""",1,12345,12345,10')
    assert.equal(lines[3], "2026-10,2026/10/20,保険,'=火災共済,1,1500,1500,0")
    assert.equal(lines[4], '2026-10,2026/10/28,返品,洗剤（返品）,-1,345,-345,10')
  })

  test('?encoding=sjis gives Shift_JIS that decodes to the same rows', async ({
    client,
    assert,
  }) => {
    const { account } = await memberWithStatements()
    const response = await asMember(
      client.get(route('member.statements.csv', { month: '2026-10' })).qs({ encoding: 'sjis' }),
      account
    )
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'text/csv; charset=Shift_JIS')
    const buffer = response.body() as Buffer
    assert.isTrue(Buffer.isBuffer(buffer), 'binary body')
    assert.notEqual(buffer[0], 0xef)
    const text = iconv.decode(buffer, 'cp932')
    assert.include(text, '2026-10,2026/10/03,食品,いちほまれ 2kg,2,1680,3360,8')
    assert.isFalse(buffer.includes(Buffer.from('いちほまれ', 'utf8')))
  })

  test('PDF has the co-op, the member, the month, lines, subtotals and total', async ({
    client,
    assert,
  }) => {
    const { account } = await memberWithStatements()
    const response = await asMember(
      client.get(route('member.statements.pdf', { month: '2026-10' })),
      account
    )
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    const text = await pdfText(response.body() as Buffer)
    for (const expected of [
      '請求明細書',
      '2026年10月分',
      '福井県学校生活協同組合',
      '山田 花子 様',
      '1234567',
      'いちほまれ 2kg',
      '2026年10月3日',
      '10%対象',
      '12,000円',
      '非課税・対象外',
      '16,860円',
    ]) {
      assert.include(text, expected)
    }
  })

  test('a long month runs over several pages with the header repeated', async ({
    client,
    assert,
  }) => {
    const { member, account } = await createRegisteredMember({ registeredAt: REGISTERED })
    await createPublishedStatement({
      member,
      billingMonth: '2026-10',
      lines: Array.from({ length: 90 }, (_, i) => ({
        category: '食品',
        itemName: `商品${i + 1}`,
        quantity: 1,
        unitPrice: 100,
      })),
    })
    const response = await asMember(
      client.get(route('member.statements.pdf', { month: '2026-10' })),
      account
    )
    const bytes = response.body() as Buffer
    const pages = await pdfPageCount(bytes)
    assert.isAtLeast(pages, 2)
    const text = await pdfText(bytes)
    const pageTexts = text.split('\f').filter((p) => p.trim() !== '')
    for (const pageText of pageTexts.slice(0, pages - 1)) {
      assert.include(pageText, '品名')
    }
    assert.include(text, '商品90')
    assert.include(text, `1 / ${pages} ページ`)
  })
})
