import { test } from '@japa/runner'
import { spawn } from 'node:child_process'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Member from '#models/member'
import ImportBatch from '#models/import_batch'
import { MemberFactory } from '#database/factories/member_factory'
import { createPublishedStatement } from '#database/factories/statement_factory'
import { queueCommit } from '#imports/run/lifecycle'
import { recoverInterruptedImports } from '#imports/run/recovery'
import { validateBatch } from '#imports/run/validate'
import { visibleStatementsQuery } from '#domain/statements/statement_visibility'
import { uploadFile } from '#tests/helpers/imports'

/**
 * A real child process (`node ace import:run`, what the staff UI starts) is killed with
 * SIGKILL half-way. Another process must see the data, so this group does not use the
 * per-test transaction and cleans up after itself. IMPORT_CHUNK_DELAY_MS slows the child's
 * progress steps so the kill lands inside the work.
 */
const MONTH = '2031-10'

async function killChildWhen(
  batchId: number,
  action: 'validate' | 'commit',
  ready: (row: any, pid: number) => boolean | Promise<boolean>
) {
  const child = spawn(
    process.execPath,
    [app.makePath('ace.js'), 'import:run', String(batchId), `--action=${action}`],
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
  const deadline = Date.now() + 45_000
  let seen = false
  while (Date.now() < deadline && child.exitCode === null) {
    const row = await db.from('import_batches').where('id', batchId).first()
    if (await ready(row, child.pid!)) {
      seen = true
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGKILL')
  await exited
  return seen
}

function isPostgres() {
  return db.connection().dialect.name === 'postgres'
}

async function stagedStatements(batchId: number) {
  const rows = await db.from('statements').where('import_batch_id', batchId).count('* as n')
  return Number(rows[0].n)
}

test.group('Imports: a runner killed half-way', (group) => {
  const created: { batches: number[]; members: number[] } = { batches: [], members: [] }
  let member: Member
  let oldBatchId: number

  group.each.setup(async () => {
    member = await MemberFactory.merge({ memberNumber: '3900001' }).create()
    created.members.push(member.id)
    const old = await createPublishedStatement({
      member,
      billingMonth: MONTH,
      lines: [{ category: '食品', itemName: '旧データ', quantity: 1, unitPrice: 100 }],
    })
    oldBatchId = old.batch.id
    created.batches.push(old.batch.id)
  })

  group.each.teardown(async () => {
    await db.from('billing_months').where('billing_month', MONTH).delete()
    for (const id of created.batches.reverse()) {
      await db
        .from('statement_lines')
        .whereIn('statement_id', db.from('statements').where('import_batch_id', id).select('id'))
        .delete()
      await db.from('statements').where('import_batch_id', id).delete()
      await db.from('import_row_errors').where('import_batch_id', id).delete()
      await db.from('import_batches').where('id', id).delete()
    }
    created.batches = []
    await db.from('locks').delete()
    if (created.members.length) await Member.query().whereIn('id', created.members).delete()
    created.members = []
  })

  async function bigUpload() {
    let csv = '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率\n'
    for (let i = 1; i <= 40_000; i++) {
      csv += `2031/10,3900001,2031/10/${String((i % 28) + 1).padStart(2, '0')},食品,商品${i},1,${i},${i},8\n`
    }
    const batch = await uploadFile({ content: csv, name: 'big.csv' }, { period: MONTH })
    created.batches.push(batch.id)
    return batch
  }

  async function assertPreviousMonthIntact(assert: any) {
    const pointer = await db.from('billing_months').where('billing_month', MONTH).first()
    assert.equal(pointer.active_batch_id, oldBatchId)
    const visible = await visibleStatementsQuery(
      member.id,
      DateTime.fromISO('2031-01-10T00:00:00Z')
    )
    assert.deepEqual(
      visible.map((s) => s.totalAmount),
      [100]
    )
  }

  test('killed while validating and staging rows', async ({ assert }) => {
    const batch = await bigUpload()
    const seen = await killChildWhen(
      batch.id,
      'validate',
      async (row, pid) =>
        row.worker_pid === pid &&
        (isPostgres() ? Number(row.progress_done) > 0 : (await stagedStatements(batch.id)) > 0)
    )
    assert.isTrue(seen, 'the child was validating')
    // SQLite commits staged rows in chunks (left behind by the kill); PostgreSQL stages in one
    // transaction that the kill rolls back.
    assert.equal(await stagedStatements(batch.id), isPostgres() ? 0 : 1)
    await assertPreviousMonthIntact(assert)

    assert.include(await recoverInterruptedImports(), batch.id)
    const after = await ImportBatch.findOrFail(batch.id)
    assert.equal(after.status, 'failed')
    assert.equal(await stagedStatements(batch.id), 0)
    await assertPreviousMonthIntact(assert)
  }).timeout(90_000)

  test('killed during commit: previous month intact, batch failed at recovery', async ({
    assert,
  }) => {
    const batch = await bigUpload()
    await validateBatch(batch.id)
    await batch.refresh()
    assert.equal(batch.status, 'validated')
    assert.equal(await stagedStatements(batch.id), 1)
    assert.isTrue(await queueCommit(batch))
    const seen = await killChildWhen(
      batch.id,
      'commit',
      (row, pid) => row.status === 'committing' && row.worker_pid === pid
    )
    assert.isTrue(seen, 'the child was committing')
    await assertPreviousMonthIntact(assert)

    assert.include(await recoverInterruptedImports(), batch.id)
    const after = await ImportBatch.findOrFail(batch.id)
    assert.equal(after.status, 'failed')
    assert.match(after.failureMessage!, /以前のデータはそのまま表示されています/)
    assert.equal(await stagedStatements(batch.id), 0)
    await assertPreviousMonthIntact(assert)
  }).timeout(90_000)
})
