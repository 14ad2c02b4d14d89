import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Member from '#models/member'
import { MemberFactory } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { queueCommit, recoverInterruptedImports, validateBatch } from '#imports/run'
import { visibleStatementsQuery } from '#domain/statement_visibility'
import { uploadFile } from '#tests/helpers/imports'

/**
 * A real child process (`node ace import:run`) is killed with SIGKILL half-way through a
 * commit. Committed data is needed for another process to see it, so this group does not use
 * the per-test transaction and cleans up after itself.
 */
test.group('Imports: a runner killed during commit', (group) => {
  const created: { batches: number[]; members: number[] } = { batches: [], members: [] }

  group.each.teardown(async () => {
    await db.from('billing_months').where('billing_month', '2031-10').delete()
    for (const id of created.batches.reverse()) {
      await db
        .from('statement_lines')
        .whereIn('statement_id', db.from('statements').where('import_batch_id', id).select('id'))
        .delete()
      await db.from('statements').where('import_batch_id', id).delete()
      await db.from('import_row_errors').where('import_batch_id', id).delete()
      await db.from('import_batches').where('id', id).delete()
    }
    await db.from('locks').delete()
    if (created.members.length) await Member.query().whereIn('id', created.members).delete()
  })

  test('previous month intact, batch marked failed at recovery', async ({ assert }) => {
    const member = await MemberFactory.merge({ memberNumber: '3900001' }).create()
    created.members.push(member.id)
    const old = await createPublishedStatement({
      member,
      billingMonth: '2031-10',
      lines: [{ category: '食品', itemName: '旧データ', quantity: 1, unitPrice: 100 }],
    })
    created.batches.push(old.batch.id)

    let csv = '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率\n'
    for (let i = 1; i <= 40_000; i++) {
      csv += `2031/10,3900001,2031/10/${String((i % 28) + 1).padStart(2, '0')},食品,商品${i},1,${i},${i},8\n`
    }
    const batch = await uploadFile({ content: csv, name: 'big.csv' }, { period: '2031-10' })
    created.batches.push(batch.id)
    await validateBatch(batch.id)
    await batch.refresh()
    assert.equal(batch.status, 'validated')
    assert.isTrue(await queueCommit(batch))

    const child = spawn(
      process.execPath,
      [app.makePath('ace.js'), 'import:run', String(batch.id), '--action=commit'],
      {
        cwd: app.makePath(),
        stdio: 'ignore',
        env: {
          ...process.env,
          NODE_ENV: 'development',
          SQLITE_FILE: process.env.SQLITE_FILE ?? app.tmpPath('test.sqlite3'),
          IMPORT_CHUNK_DELAY_MS: '1500',
        },
      }
    )
    const exited = new Promise((resolve) => child.on('exit', resolve))
    // Wait until the child has written rows and reported progress, then kill it.
    const deadline = Date.now() + 45_000
    let seen = false
    while (Date.now() < deadline) {
      const row = await db.from('import_batches').where('id', batch.id).first()
      if (row.worker_pid === child.pid && Number(row.progress_done) > 0) {
        seen = true
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    child.kill('SIGKILL')
    await exited
    assert.isTrue(seen, 'the child started committing')

    const written = await db.from('statements').where('import_batch_id', batch.id).count('* as n')
    assert.equal(Number(written[0].n), 1, 'rows were written under the new batch before the kill')
    const pointer = await db.from('billing_months').where('billing_month', '2031-10').first()
    assert.equal(pointer.active_batch_id, old.batch.id)
    const registered = DateTime.fromISO('2031-01-10T00:00:00Z')
    const visible = await visibleStatementsQuery(member.id, registered)
    assert.deepEqual(
      visible.map((s) => s.totalAmount),
      [100]
    )

    assert.include(await recoverInterruptedImports(), batch.id)
    await batch.refresh()
    assert.equal(batch.status, 'failed')
    const left = await db.from('statements').where('import_batch_id', batch.id).count('* as n')
    assert.equal(Number(left[0].n), 0)
  }).timeout(90_000)
})
