import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import { createRegisteredMember } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asMember, asStaff } from '#tests/helpers/sessions'
import { pdfText } from '#tests/helpers/pdf'
import { inertiaProps } from '#tests/helpers/inertia'
import { corpusMembers, validateFixture } from '#tests/helpers/imports'
import type { MemberHomeProps } from '#presenters/member/home'
import type { StatementPageProps } from '#presenters/member/statements'
import type { ImportBatchPageProps } from '#presenters/staff/import_batch'
import { route } from '#tests/helpers/routes'

/** Debit details (issue 12 item 5) where members read them, and in the staff preview. */
const NOTICE = '2026年11月27日に ふくい銀行 大手支店 普通 ****1234 から引き落とします'

async function memberWithDebit() {
  const { member, account } = await createRegisteredMember({
    registeredAt: DateTime.fromISO('2026-05-10T00:00:00Z'),
  })
  await createPublishedStatement({
    member,
    billingMonth: '2026-09',
    lines: [{ category: '食品', quantity: 1, unitPrice: 100 }],
  })
  await createPublishedStatement({
    member,
    billingMonth: '2026-10',
    lines: [{ category: '食品', quantity: 2, unitPrice: 238 }],
    debit: {
      date: '2026-11-27',
      bankName: 'ふくい銀行',
      branchName: '大手支店',
      accountType: '普通',
      accountLast4: '1234',
    },
  })
  return account
}

test.group('Debit details: member pages and the staff preview', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the month page says when and from which account', async ({ client, assert }) => {
    const account = await memberWithDebit()
    const response = await asMember(
      client.get(route('member.statements.show', { month: '2026-10' })),
      account
    ).withInertia()
    response.assertStatus(200)
    assert.equal(inertiaProps<StatementPageProps>(response).debitNotice, NOTICE)
    // Server-rendered (no JavaScript needed).
    const html = await asMember(
      client.get(route('member.statements.show', { month: '2026-10' })),
      account
    )
    assert.include(html.text(), NOTICE)
  })

  test('a month imported without the columns says nothing about the debit', async ({
    client,
    assert,
  }) => {
    const account = await memberWithDebit()
    const response = await asMember(
      client.get(route('member.statements.show', { month: '2026-09' })),
      account
    ).withInertia()
    assert.isNull(inertiaProps<StatementPageProps>(response).debitNotice)
    const html = await asMember(
      client.get(route('member.statements.show', { month: '2026-09' })),
      account
    )
    assert.notInclude(html.text(), '引き落とします')
  })

  test('the PDF carries the sentence', async ({ client, assert }) => {
    const account = await memberWithDebit()
    const response = await asMember(
      client.get(route('member.statements.pdf', { month: '2026-10' })),
      account
    )
    response.assertStatus(200)
    const text = await pdfText(response.body() as Buffer)
    // pdftotext -layout may split the line at its spaces: compare without them.
    assert.include(text.replace(/\s+/g, ''), NOTICE.replace(/\s+/g, ''))
  })

  test('the home summary shows it for the latest month', async ({ client, assert }) => {
    const account = await memberWithDebit()
    const response = await asMember(client.get(route('member.home')), account).withInertia()
    response.assertStatus(200)
    assert.equal(inertiaProps<MemberHomeProps>(response).latestStatement!.debitNotice, NOTICE)
  })

  test('the staff preview shows the members with debit details by date', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    await corpusMembers()
    const { batch } = await validateFixture('valid_debit_columns.csv')
    const response = await asStaff(
      client.get(route('staff.imports.show', { id: batch.id })),
      clerk
    ).withInertia()
    response.assertStatus(200)
    const props = inertiaProps<ImportBatchPageProps>(response)
    assert.deepEqual(props.preview!.debit, {
      members: 2,
      withoutDebit: 0,
      dates: [{ label: '2026年11月27日', members: 2 }],
    })
    const html = await asStaff(client.get(route('staff.imports.show', { id: batch.id })), clerk)
    assert.include(html.text(), '引落日別')
  })

  test('the import page lists the optional columns and the sample carries them', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const page = await asStaff(client.get(route('staff.imports.index')), clerk)
    page.assertStatus(200)
    for (const label of ['引落日', '引落銀行', '引落支店', '預金種目', '口座番号下4桁']) {
      assert.include(page.text(), label)
    }
    const sample = await asStaff(
      client.get(route('staff.imports.sample', { kind: 'statements' })),
      clerk
    )
    sample.assertStatus(200)
    assert.include(
      sample.text(),
      '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率,引落日,引落銀行,引落支店,預金種目,口座番号下4桁'
    )
  })
})
