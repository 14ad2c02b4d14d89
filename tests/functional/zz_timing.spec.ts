import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { auditLogChunks } from '#domain/audit_log_search'
import { presentAuditEntries } from '#presenters/audit_entries'
import { writeCsvExport } from '#documents/csv_export'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asStaff } from '#tests/helpers/sessions'

test.group('timing', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  test('t', async ({ client }) => {
    let t = performance.now()
    const lap = (label: string) => { console.log(label, Math.round(performance.now() - t)); t = performance.now() }
    await db.rawQuery(`WITH RECURSIVE series(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM series WHERE n < 100000)
     INSERT INTO audit_logs (actor_type, action, outcome, created_at)
     SELECT 'staff', 'staff.login', 'success', datetime('2026-11-01 00:00:00', '+' || n || ' seconds') FROM series`)
    lap('insert')
    async function* rows() {
      for await (const chunk of auditLogChunks({ action: 'staff.login' })) {
        const r = await presentAuditEntries(chunk)
        yield r.map((row) => [row.at, row.actor, row.memberNumber, row.action, row.actionCode, row.outcome, row.ip, row.details])
      }
    }
    const file = await writeCsvExport({ filename: 'x.csv', encoding: 'utf8', header: ['a'], chunks: rows() })
    lap('write ' + file.rows)
    const admin = await StaffUserFactory.apply('admin').create()
    const res = await asStaff(client.get('/staff/audit-log/export').qs({ action: 'staff.login' }), admin)
    lap('http ' + res.status())
    res.text()
    lap('text')
  }).timeout(300000)
})
