import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { MemberFactory } from '#database/factories/member_factory'
import { recordAudit } from '#domain/audit/audit_trail'
import { fieldError } from '#tests/helpers/validation'
import { asStaff } from '#tests/helpers/sessions'
import db from '@adonisjs/lucid/services/db'
import { LIST_COUNT_CAP } from '#domain/common/bounded_pages'
import { AUDIT_EXPORT_LIMIT } from '#domain/audit/audit_log_search'
import { inertiaProps } from '#tests/helpers/inertia'
import type { AuditLogProps } from '#presenters/staff/audit_entries'
import { route } from '#tests/helpers/routes'

/** `count` log-in entries in one statement (a recursive series), a second apart. */
async function insertLoginEntries(count: number) {
  const at =
    db.connection().dialect.name === 'postgres'
      ? "TIMESTAMPTZ '2026-11-01 00:00:00+00' + n * INTERVAL '1 second'"
      : "datetime('2026-11-01 00:00:00', '+' || n || ' seconds')"
  await db.rawQuery(
    `WITH RECURSIVE series(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM series WHERE n < ?)
     INSERT INTO audit_logs (actor_type, action, outcome, created_at)
     SELECT 'staff', 'staff.login', 'success', ${at} FROM series`,
    [count]
  )
}

const origin = { ip: '192.0.2.10', userAgent: 'test' }

async function seedEntries() {
  const operator = await StaffUserFactory.apply('operator').merge({ name: '窓口 一郎' }).create()
  const member = await MemberFactory.merge({ memberNumber: '7654321' }).create()
  const other = await MemberFactory.create()
  await recordAudit({
    action: 'staff.phone_desk.reveal_initial_password',
    outcome: 'success',
    actorType: 'staff',
    staffUserId: operator.id,
    memberId: member.id,
    origin,
    details: { matched: ['memberNumber', 'birthDate', 'phone'], reason: 'lost_letter' },
  })
  await recordAudit({
    action: 'staff.phone_desk.verify',
    outcome: 'failure',
    actorType: 'staff',
    staffUserId: operator.id,
    memberId: other.id,
    origin,
  })
  const old = await recordAudit({
    action: 'member.login',
    outcome: 'success',
    actorType: 'member',
    memberId: member.id,
    origin,
  })
  old.createdAt = DateTime.utc().minus({ days: 40 })
  await old.save()
  return { operator, member }
}

async function total(client: any, admin: any, qs: Record<string, string>) {
  const props = await list(client, admin, qs)
  return props.pagination.total as number
}

async function list(client: any, admin: any, qs: Record<string, string> = {}) {
  const response = await asStaff(
    client.get(route('staff.audit_log.index')).qs(qs),
    admin
  ).withInertia()
  response.assertInertiaComponent('staff/audit_log/index')
  return inertiaProps<AuditLogProps>(response)
}

test.group('Audit / access log viewer', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('lists entries newest first with Japanese labels', async ({ client, assert }) => {
    await seedEntries()
    const admin = await StaffUserFactory.apply('admin').create()
    const props = await list(client, admin)
    assert.equal(props.pagination.total, 3)
    const reveal = props.entries.find((e) => e.action === '電話対応：初期パスワード表示')!
    assert.equal(reveal.memberNumber, '7654321')
    assert.include(reveal.actor, '窓口 一郎')
    assert.include(reveal.details, '一致: 組合員番号・生年月日・電話番号')
    assert.include(reveal.details, '理由: 案内状の紛失・未着')
  })

  test('filters by staff, member number, action and date range', async ({ client, assert }) => {
    const { operator } = await seedEntries()
    const admin = await StaffUserFactory.apply('admin').create()
    assert.equal(await total(client, admin, { staff: String(operator.id) }), 2)
    assert.equal(await total(client, admin, { member: '７６５４３２１' }), 2)
    assert.equal(await total(client, admin, { action: 'staff.phone_desk.verify' }), 1)
    const recent = await list(client, admin, {
      from: DateTime.now().minus({ days: 7 }).toFormat('yyyy/M/d'),
      to: DateTime.now().plus({ days: 1 }).toISODate()!,
    })
    assert.equal(recent.pagination.total, 2)
    assert.include(recent.exportUrl, 'from=')
  })

  test('paginates 50 entries a page, keeping the filters', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    for (let i = 0; i < 55; i++) {
      await recordAudit({ action: 'staff.login', outcome: 'success', actorType: 'staff', origin })
    }
    const first = await list(client, admin, { action: 'staff.login' })
    assert.lengthOf(first.entries, 50)
    assert.equal(
      first.pagination.nextUrl,
      `${route('staff.audit_log.index')}?action=staff.login&page=2`
    )
    const second = await list(client, admin, { action: 'staff.login', page: '2' })
    assert.lengthOf(second.entries, 5)
  })

  test('counts at most 10,000 matching entries: exactly 10,000 is a total, one more is 「10,000件以上」', async ({
    client,
    assert,
  }) => {
    assert.equal(LIST_COUNT_CAP, 10_000)
    const admin = await StaffUserFactory.apply('admin').create()
    await insertLoginEntries(10_000)
    const exact = await list(client, admin, { action: 'staff.login' })
    assert.equal(exact.pagination.total, 10_000)
    assert.isFalse(exact.pagination.totalIsAtLeast)
    assert.equal(exact.pagination.lastPage, 200)

    await insertLoginEntries(1)
    const capped = await list(client, admin, { action: 'staff.login' })
    assert.equal(capped.pagination.total, 10_000)
    assert.isTrue(capped.pagination.totalIsAtLeast)
    assert.lengthOf(capped.entries, 50)
    const html = await asStaff(
      client.get(route('staff.audit_log.index')).qs({ action: 'staff.login' }),
      admin
    )
    assert.include(html.text(), '10,000件以上のうち 1〜50件')
    // Pages past the counted ones show the last counted page, not an error.
    const far = await list(client, admin, { action: 'staff.login', page: '999' })
    assert.equal(far.pagination.page, 200)
    assert.lengthOf(far.entries, 50)
  })

  test('exports the filtered entries as CSV (UTF-8 with BOM or Shift_JIS), audited', async ({
    client,
    assert,
  }) => {
    const { operator } = await seedEntries()
    const admin = await StaffUserFactory.apply('admin').create()
    const response = await asStaff(
      client.get(route('staff.audit_log.export')).qs({ staff: String(operator.id) }),
      admin
    )
    response.assertStatus(200)
    assert.include(response.header('content-type'), 'text/csv')
    assert.isTrue(response.text().startsWith('\ufeff'), 'UTF-8 with a BOM')
    const text = response.text().slice(1)
    const lines = text.trim().split('\r\n')
    assert.equal(lines[0], '日時,操作者,組合員番号,操作,操作コード,結果,IPアドレス,詳細')
    assert.lengthOf(lines, 3)
    assert.include(text, '電話対応：初期パスワード表示')

    const sjis = await asStaff(
      client.get(route('staff.audit_log.export')).qs({ encoding: 'sjis' }),
      admin
    )
    assert.include(sjis.header('content-type'), 'Shift_JIS')
    assert.include(sjis.header('content-disposition'), 'attachment')
    assert.include(sjis.header('cache-control'), 'no-store')

    const exports = await AuditLog.query().where('action', 'staff.audit_log.export')
    assert.lengthOf(exports, 2)
  })

  test('an unreadable date is answered in Japanese', async ({ client, assert }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const response = await asStaff(
      client.get(route('staff.audit_log.index')).qs({ from: 'きのう' }),
      admin
    )
      .header('referer', route('staff.audit_log.index'))
      .redirects(0)
    assert.include(fieldError(response, 'from'), '開始日は')
  })
})

/*
| Without the wrapping transaction: every model a query hydrates inside one registers a
| rollback listener on it, and rolling back after 100,000 of them takes minutes (a test-only
| cost). This group removes what it wrote itself.
*/
test.group('Audit log export limit (100,000 entries, no wrapping transaction)', (group) => {
  group.each.teardown(async () => {
    await db.from('audit_logs').delete()
    await db.from('staff_users').delete()
  })

  test('an export carries at most 100,000 entries: exactly that many stream out whole, one more is refused', async ({
    client,
    assert,
  }) => {
    assert.equal(AUDIT_EXPORT_LIMIT, 100_000)
    const admin = await StaffUserFactory.apply('admin').create()
    await insertLoginEntries(100_000)
    const exported = await asStaff(
      client.get(route('staff.audit_log.export')).qs({ action: 'staff.login' }),
      admin
    )
    exported.assertStatus(200)
    const lines = exported.text().trim().split('\r\n')
    assert.lengthOf(lines, 100_001, 'the header and every entry')
    assert.equal(lines[0], '日時,操作者,組合員番号,操作,操作コード,結果,IPアドレス,詳細')
    const audited = await AuditLog.query().where('action', 'staff.audit_log.export').firstOrFail()
    assert.equal(JSON.parse(audited.detailsJson!).count, 100_000)

    await insertLoginEntries(1)
    const refused = await asStaff(
      client.get(route('staff.audit_log.export')).qs({ action: 'staff.login', from: '' }),
      admin
    ).redirects(0)
    refused.assertStatus(302)
    refused.assertHeader('location', `${route('staff.audit_log.index')}?action=staff.login`)
    refused.assertFlashMessage(
      'error',
      '出力できるのは100,000件までです。期間や条件を絞り込んでから出力してください。'
    )
    assert.lengthOf(await AuditLog.query().where('action', 'staff.audit_log.export'), 1)
  }).timeout(120_000)
})
