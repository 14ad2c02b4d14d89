import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { engine, startRealServer, type RealServer } from '#tests/helpers/real_server'
import { loginStaff, route } from '#tests/helpers/real_server_logins'
import {
  commitImport,
  rollbackImport,
  STATEMENTS_HEADER,
  uploadStatements,
  waitForImportStatus,
} from '#tests/helpers/real_server_imports'
import { BUSINESS_ZONE, nowInJapan } from '#domain/common/clock'

/*
| Statement notifications as deployed: the clerk commits a month in the back-office, the
| runner child (`node ace import:run`) publishes it and, in the same transaction, queues one
| 「請求明細を掲載しました」 per member who may see it — and nobody else. Read from outside.
*/

/** A timestamp literal the server's database stores for `registered_at` (UTC). */
function storedTimestamp(at: DateTime) {
  const utc = at.toUTC()
  return engine === 'pg'
    ? utc.toFormat("yyyy-MM-dd HH:mm:ss'+00'")
    : utc.toFormat('yyyy-MM-dd HH:mm:ss')
}

test.group('Statement notifications on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })

  test('a committed month queues one mail per eligible member, all in one statement', async ({
    assert,
  }) => {
    // A month the demo data has not published yet: nobody was told about it.
    const month = nowInJapan().toFormat('yyyy-MM')
    const [year, mm] = month.split('-')
    const registered = await server.sql<{ id: number; member_number: string; email: string }>(
      `SELECT m.id, m.member_number, a.email FROM members m
       JOIN member_accounts a ON a.member_id = m.id
       WHERE a.registration_state = 'registered' AND m.refund_on IS NULL
       ORDER BY m.id LIMIT 6`
    )
    const [toldA, toldB, optedOut, sameMonth, withdrawn, notInFile] = registered
    const [unregistered] = await server.sql<{ member_number: string }>(
      `SELECT m.member_number FROM members m JOIN member_accounts a ON a.member_id = m.id
       WHERE a.registration_state = 'unregistered' ORDER BY m.id LIMIT 1`
    )
    const longAgo = storedTimestamp(DateTime.fromISO('2024-04-01T00:00:00Z'))
    await server.sql(
      `UPDATE member_accounts SET registered_at = ? WHERE member_id IN (?, ?, ?, ?, ?, ?)`,
      [longAgo, ...registered.map((m) => m.id)]
    )
    await server.sql(`UPDATE member_accounts SET notify_statements = FALSE WHERE member_id = ?`, [
      optedOut.id,
    ])
    // Registered at 00:00 on the 1st of the month (Japan): sees the next month on.
    const monthStart = DateTime.fromFormat(month, 'yyyy-MM', { zone: BUSINESS_ZONE })
    await server.sql(`UPDATE member_accounts SET registered_at = ? WHERE member_id = ?`, [
      storedTimestamp(monthStart),
      sameMonth.id,
    ])
    await server.sql(`UPDATE members SET refund_on = ? WHERE id = ?`, [
      nowInJapan().minus({ days: 1 }).toISODate(),
      withdrawn.id,
    ])

    const inFile = [toldA, toldB, optedOut, sameMonth, withdrawn].map((m) => m.member_number)
    const csv = [
      STATEMENTS_HEADER,
      ...[...inFile, unregistered.member_number].map(
        (number) => `${year}/${mm},${number},${year}/${mm}/01,食品,国産りんご,2,600,1200,8`
      ),
    ].join('\r\n')
    const clerk = server.client()
    await loginStaff(clerk, 'clerk')
    const upload = await uploadStatements(clerk, month, Buffer.from(csv + '\r\n'))
    assert.exists(upload.batchId, `the upload is accepted (${upload.location})`)
    const batchId = upload.batchId!
    const validated = await waitForImportStatus(clerk, batchId, ['validated', 'invalid', 'failed'])
    assert.equal(validated.status, 'validated', server.output())
    await commitImport(clerk, batchId)
    const committed = await waitForImportStatus(clerk, batchId, ['committed', 'failed'])
    assert.equal(committed.status, 'committed', server.output())

    const rows = await server.sql<{ id: number; member_id: number; created_at: unknown }>(
      `SELECT id, member_id, created_at FROM mail_outbox WHERE cause = ? ORDER BY id`,
      [`statements:${month}:${batchId}`]
    )
    assert.deepEqual(
      rows.map((r) => Number(r.member_id)),
      [toldA.id, toldB.id]
    )
    // One INSERT ... SELECT: consecutive ids, one timestamp.
    assert.equal(Number(rows[1].id), Number(rows[0].id) + 1)
    assert.equal(String(rows[0].created_at), String(rows[1].created_at))
    const others = await server.sql(
      `SELECT member_id FROM mail_outbox WHERE kind = 'statement_published' AND member_id IN (?, ?)`,
      [notInFile.id, optedOut.id]
    )
    assert.lengthOf(others, 0)

    // The web server's sender delivers them (the quick-start mailbox here).
    const subject = `【学校生協マイページ】${year}年${Number(mm)}月分の請求明細を掲載しました`
    const mail = await server.waitForMail(
      (m) => m.subject === subject && m.to.includes(toldA.email),
      30_000
    )
    assert.notInclude(mail.text ?? '', '1,200')
    assert.include(mail.text ?? '', route('member.statements.show', { month }))
    assert.match(mail.text ?? '', /\/notifications\/unsubscribe\/\d+\/statements\?signature=/)
  })

  test('rolling the month back before the mails went cancels them, in the rollback itself', async ({
    assert,
  }) => {
    // No sender in this installation: the notifications stay queued until the rollback.
    const quiet = await startRealServer({ env: { MAIL_SENDER: 'off' } })
    try {
      const month = nowInJapan().toFormat('yyyy-MM')
      const [year, mm] = month.split('-')
      const members = await quiet.sql<{ id: number; member_number: string }>(
        `SELECT m.id, m.member_number FROM members m
         JOIN member_accounts a ON a.member_id = m.id
         WHERE a.registration_state = 'registered' AND m.refund_on IS NULL
         ORDER BY m.id LIMIT 2`
      )
      await quiet.sql(`UPDATE member_accounts SET registered_at = ? WHERE member_id IN (?, ?)`, [
        storedTimestamp(DateTime.fromISO('2024-04-01T00:00:00Z')),
        ...members.map((m) => m.id),
      ])
      const csv = [
        STATEMENTS_HEADER,
        ...members.map(
          (m) => `${year}/${mm},${m.member_number},${year}/${mm}/01,食品,国産りんご,2,600,1200,8`
        ),
      ].join('\r\n')
      const clerk = quiet.client()
      await loginStaff(clerk, 'clerk')
      const upload = await uploadStatements(clerk, month, Buffer.from(csv + '\r\n'))
      const batchId = upload.batchId!
      const validated = await waitForImportStatus(clerk, batchId, [
        'validated',
        'invalid',
        'failed',
      ])
      assert.equal(validated.status, 'validated', quiet.output())
      await commitImport(clerk, batchId)
      const committed = await waitForImportStatus(clerk, batchId, ['committed', 'failed'])
      assert.equal(committed.status, 'committed', quiet.output())
      const cause = `statements:${month}:${batchId}`
      const queued = await quiet.sql<{ status: string }>(
        `SELECT status FROM mail_outbox WHERE cause = ? ORDER BY id`,
        [cause]
      )
      assert.deepEqual(
        queued.map((row) => row.status),
        ['queued', 'queued']
      )

      const rolledBack = await rollbackImport(clerk, batchId)
      assert.equal(rolledBack.status, 302)
      const after = await quiet.sql<{ status: string; payload: string | null }>(
        `SELECT status, payload FROM mail_outbox WHERE cause = ? ORDER BY id`,
        [cause]
      )
      assert.deepEqual(after, [
        { status: 'cancelled', payload: null },
        { status: 'cancelled', payload: null },
      ])
      assert.lengthOf(await quiet.mails(), 0)
    } finally {
      await quiet.stop()
    }
  }).timeout(120_000)
})
