import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import iconv from 'iconv-lite'
import { ApiRequest } from '@japa/api-client'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import ProfileChange from '#models/profile_change'
import { MemberFactory } from '#database/factories/member_factory'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asStaff } from '#tests/helpers/sessions'
import { CHANGE_HISTORY_MAX_DAYS, changeHistoryChunks } from '#domain/audit/change_history'
import { inertiaProps } from '#tests/helpers/inertia'
import type { ChangeHistoryProps } from '#presenters/staff/change_history'
import { route } from '#tests/helpers/routes'

/** Three changes: two on 2026-11-10 (Japan), one just after midnight JST on 2026-11-11. */
async function changes() {
  const member = await MemberFactory.merge({ memberNumber: '1000001', name: '佐藤 花子' }).create()
  const staff = await StaffUserFactory.apply('operator').merge({ name: '窓口 一郎' }).create()
  await ProfileChange.createMany([
    {
      memberId: member.id,
      field: 'name',
      oldValue: '山田 花子',
      newValue: '佐藤 花子',
      changedByType: 'member',
      changedByStaffId: null,
      createdAt: DateTime.fromISO('2026-11-10T00:30:00+09:00'),
    },
    {
      memberId: member.id,
      field: 'phone',
      oldValue: '0776231234',
      newValue: '09012345678',
      changedByType: 'staff',
      changedByStaffId: staff.id,
      createdAt: DateTime.fromISO('2026-11-10T23:59:00+09:00'),
    },
    {
      memberId: member.id,
      field: 'address',
      oldValue: '=HYPERLINK("x")',
      newValue: '福井県福井市大手3丁目',
      changedByType: 'member',
      changedByStaffId: null,
      createdAt: DateTime.fromISO('2026-11-11T00:10:00+09:00'),
    },
  ])
}

test.group('Staff change-history export (変更履歴出力)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the page previews how many changes fall on the Japan dates', async ({ client, assert }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    await changes()
    const blank = await asStaff(client.get(route('staff.change_history.show')), clerk).withInertia()
    blank.assertInertiaComponent('staff/change_history')
    assert.isNull(inertiaProps<ChangeHistoryProps>(blank).preview)

    const response = await asStaff(
      client.get(`${route('staff.change_history.show')}?from=2026-11-10&to=2026-11-10`),
      clerk
    ).withInertia()
    const props = inertiaProps<ChangeHistoryProps>(response)
    assert.equal(props.preview!.count, 2)
    assert.equal(props.preview!.label, '2026年11月10日〜2026年11月10日')

    const both = await asStaff(
      client.get(`${route('staff.change_history.show')}?from=2026-11-10&to=2026-11-11`),
      clerk
    ).withInertia()
    assert.equal(inertiaProps<ChangeHistoryProps>(both).preview!.count, 3)
  })

  test('bad dates are explained in Japanese next to the field', async ({ client, assert }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const cases = [
      [
        'from=2026-02-30&to=2026-03-01',
        'from',
        '開始日は「2027-04-01」のように年月日で入力してください。',
      ],
      ['from=2026-03-01', 'to', '終了日を入力してください。'],
      [
        'from=2026-03-02&to=2026-03-01',
        'to',
        '終了日は開始日と同じか、それより後の日付にしてください。',
      ],
    ] as const
    for (const [query, field, message] of cases) {
      const response = await asStaff(
        client.get(`${route('staff.change_history.show')}?${query}`),
        clerk
      ).withInertia()
      const props = inertiaProps<ChangeHistoryProps>(response)
      assert.equal(props.rangeErrors[field], message)
      assert.isNull(props.preview)
    }
  })

  test('one export covers at most 366 days: a year with its leap day passes, a day more is refused', async ({
    client,
    assert,
  }) => {
    assert.equal(CHANGE_HISTORY_MAX_DAYS, 366)
    const clerk = await StaffUserFactory.apply('clerk').create()
    const page = async (query: string) => {
      const response = await asStaff(
        client.get(`${route('staff.change_history.show')}?${query}`),
        clerk
      ).withInertia()
      return inertiaProps<ChangeHistoryProps>(response)
    }
    // 2027-03-01 .. 2028-02-29 is 366 days (2028 is a leap year); to 2028-03-01 is 367.
    const longest = await page('from=2027-03-01&to=2028-02-29')
    assert.deepEqual(longest.rangeErrors, {})
    assert.equal(longest.preview!.count, 0)
    const tooLong = await page('from=2027-03-01&to=2028-03-01')
    assert.equal(
      tooLong.rangeErrors.to,
      '期間は366日以内にしてください（それより長い期間は分けて出力してください）。'
    )
    assert.isNull(tooLong.preview)
    const download = await asStaff(
      client.get(`${route('staff.change_history.download')}?from=2027-03-01&to=2028-03-01`),
      clerk
    ).redirects(0)
    download.assertHeader('location', route('staff.change_history.show'))
    assert.equal(
      await AuditLog.query()
        .where('action', 'staff.change_history.export')
        .count('* as n')
        .first()
        .then((row: any) => Number(row.$extras.n)),
      0
    )
  })

  test('the export walks the range in chunks: every change once, oldest first, ties by id', async ({
    assert,
  }) => {
    await changes()
    const member = await MemberFactory.create()
    const tie = DateTime.fromISO('2026-11-10T12:00:00+09:00')
    for (const field of ['phone', 'address', 'name']) {
      await ProfileChange.create({
        memberId: member.id,
        field,
        oldValue: 'before',
        newValue: `after ${field}`,
        changedByType: 'member',
        changedByStaffId: null,
        createdAt: tie,
      })
    }
    const range = {
      from: DateTime.fromISO('2026-11-10'),
      to: DateTime.fromISO('2026-11-11'),
    }
    const chunks = []
    for await (const chunk of changeHistoryChunks(range, 2)) chunks.push(chunk)
    assert.deepEqual(
      chunks.map((chunk) => chunk.length),
      [2, 2, 2]
    )
    assert.deepEqual(
      chunks.flat().map((row) => row[4]),
      [
        '佐藤 花子',
        'after phone',
        'after address',
        'after name',
        '09012345678',
        '福井県福井市大手3丁目',
      ]
    )
  })

  test('downloads UTF-8 CSV with BOM, Japanese labels, formula-safe, and audits it', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    await changes()
    const response = await asStaff(
      client.get(`${route('staff.change_history.download')}?from=2026-11-10&to=2026-11-11`),
      clerk
    )
    response.assertStatus(200)
    response.assertHeader('content-type', 'text/csv; charset=UTF-8')
    assert.include(response.header('content-disposition'), '.csv')
    const bytes = Buffer.from(response.text(), 'utf8')
    assert.equal(response.text().charCodeAt(0), 0xfeff, 'starts with a BOM')
    const lines = response.text().slice(1).trim().split('\r\n')
    assert.deepEqual(lines, [
      '組合員番号,氏名,変更項目,変更前,変更後,変更日時,変更者',
      '1000001,佐藤 花子,氏名,山田 花子,佐藤 花子,2026年11月10日 00:30,本人',
      '1000001,佐藤 花子,電話番号,0776231234,09012345678,2026年11月10日 23:59,職員（窓口 一郎）',
      `1000001,佐藤 花子,住所,"'=HYPERLINK(""x"")",福井県福井市大手3丁目,2026年11月11日 00:10,本人`,
    ])
    assert.isAbove(bytes.length, 0)
    const audit = await AuditLog.findByOrFail('action', 'staff.change_history.export')
    assert.equal(audit.staffUserId, clerk.id)
    assert.include(audit.detailsJson!, '"rows":3')
  })

  test('downloads Shift_JIS on request', async ({ client, assert }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    await changes()
    // Read the body as bytes (only for this test): Shift_JIS is not UTF-8 text.
    ApiRequest.addParser('text/csv', (res, done) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => done(null, Buffer.concat(chunks)))
    })
    const response = await asStaff(
      client.get(
        `${route('staff.change_history.download')}?from=2026-11-10&to=2026-11-10&encoding=sjis`
      ),
      clerk
    ).finally(() => ApiRequest.removeParser('text/csv'))
    response.assertHeader('content-type', 'text/csv; charset=Shift_JIS')
    const text = iconv.decode(response.body() as Buffer, 'cp932')
    assert.include(text, '組合員番号,氏名,変更項目')
    assert.include(text, '佐藤 花子')
    assert.lengthOf(text.trim().split('\r\n'), 3)
  })

  test('a name Shift_JIS cannot carry refuses the Shift_JIS file with where it is; 〓 on request', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const member = await MemberFactory.merge({
      memberNumber: '1000009',
      name: '𠮷田 太郎',
    }).create()
    await ProfileChange.create({
      memberId: member.id,
      field: 'address',
      oldValue: '福井市大手3\u22121',
      newValue: '福井市大手3\u22122',
      changedByType: 'member',
      changedByStaffId: null,
      createdAt: DateTime.fromISO('2026-11-10T10:00:00+09:00'),
    })
    const page = `${route('staff.change_history.show')}?from=2026-11-10&to=2026-11-10`
    const refused = await asStaff(
      client
        .get(
          `${route('staff.change_history.download')}?from=2026-11-10&to=2026-11-10&encoding=sjis`
        )
        .header('referer', page),
      clerk
    ).redirects(0)
    refused.assertStatus(302)
    refused.assertHeader('location', page)
    refused.assertFlashMessage(
      'error',
      'Shift_JISで表せない文字があるため、Shift_JISでは出力できません（2行目の「𠮷」）。文字コードを「UTF-8」にして出力してください。'
    )
    assert.isNull(await AuditLog.findBy('action', 'staff.change_history.export'), 'not an export')

    ApiRequest.addParser('text/csv', (res, done) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => done(null, Buffer.concat(chunks)))
    })
    const replaced = await asStaff(
      client.get(
        `${route('staff.change_history.download')}?from=2026-11-10&to=2026-11-10&encoding=sjis_geta`
      ),
      clerk
    ).finally(() => ApiRequest.removeParser('text/csv'))
    replaced.assertHeader('content-type', 'text/csv; charset=Shift_JIS')
    const text = iconv.decode(replaced.body() as Buffer, 'cp932')
    assert.include(text, '〓田 太郎')
    assert.include(text, '福井市大手3－2')
    assert.notInclude(text, '?')
  })

  test('a download without a valid range goes back to the form', async ({ client }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const response = await asStaff(
      client.get(`${route('staff.change_history.download')}?from=2026-11-12&to=2026-11-10`),
      clerk
    ).redirects(0)
    response.assertHeader('location', route('staff.change_history.show'))
    response.assertFlashMessage('error', '期間を正しく指定してから出力してください。')
  })

  test('an operator is refused (403) and no export is audited', async ({ client, assert }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    await changes()
    for (const url of [
      route('staff.change_history.show'),
      `${route('staff.change_history.download')}?from=2026-11-10&to=2026-11-11`,
    ]) {
      const response = await asStaff(client.get(url), operator)
      response.assertStatus(403)
      assert.notInclude(response.text(), '佐藤 花子')
    }
    assert.isNull(await AuditLog.findBy('action', 'staff.change_history.export'))
  })

  test('not logged in: sent to the staff log-in', async ({ client }) => {
    const response = await client
      .get(`${route('staff.change_history.download')}?from=2026-11-10&to=2026-11-11`)
      .redirects(0)
    response.assertHeader('location', route('staff.login.show'))
  })
})
