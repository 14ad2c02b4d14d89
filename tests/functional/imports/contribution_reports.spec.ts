import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { commitBatch } from '#imports/run/commit'
import { queueCommit } from '#imports/run/lifecycle'
import { rollbackBatch } from '#imports/run/rollback'
import { validateBatch } from '#imports/run/validate'
import { corpusMembers, countOf, rowErrors, uploadFile } from '#tests/helpers/imports'

const HEADER =
  '年度,組合員番号,期首口数,期首出資金,増加口数,増加出資金,減少口数,減少出資金,期末口数,期末出資金,配当金'

async function validateReports(lines: string[]) {
  const batch = await uploadFile(
    { content: [HEADER, ...lines].join('\r\n') + '\r\n', name: '出資報告.csv' },
    { kind: 'contribution_reports', period: '2025' }
  )
  await validateBatch(batch.id)
  await batch.refresh()
  return batch
}

test.group('Imports: contribution reports', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a fiscal year is published in one update and rolled back', async ({ assert }) => {
    const [first, second] = await corpusMembers()
    const batch = await validateReports([
      '2025,2000001,10,"10,000",2,"2,000",0,0,12,"12,000",240',
      '2025年度,２０００００２,5,5000,0,0,1,"1,000",4,4000,80',
    ])
    assert.equal(batch.status, 'validated')
    assert.equal(batch.totalAmount, 16000)
    assert.isTrue(await queueCommit(batch))
    await commitBatch(batch.id)
    const year = await db.from('contribution_report_years').where('fiscal_year', 2025).first()
    assert.equal(year.active_batch_id, batch.id)
    const reports = await db
      .from('contribution_reports')
      .where('import_batch_id', batch.id)
      .orderBy('member_id')
      .select('member_id', 'units_end', 'amount_end', 'dividend')
    assert.deepEqual(
      reports.map((r) => [r.member_id, r.units_end, r.amount_end, r.dividend]),
      [
        [first.id, 12, 12000, 240],
        [second.id, 4, 4000, 80],
      ]
    )
    await rollbackBatch(batch.id)
    const after = await db.from('contribution_report_years').where('fiscal_year', 2025).first()
    assert.isNull(after.active_batch_id)
  })

  test('units that do not add up, a second line for a member, a wrong year', async ({ assert }) => {
    await corpusMembers()
    const batch = await validateReports([
      '2025,2000001,10,10000,2,2000,0,0,11,12000,240',
      '2025,2000002,5,5000,0,0,0,0,5,5000,80',
      '2025,2000002,5,5000,0,0,0,0,5,5000,80',
      '2024,2000001,1,1000,0,0,0,0,1,1000,0',
    ])
    assert.equal(batch.status, 'invalid')
    assert.deepEqual(await rowErrors(batch.id), [
      [2, '口数が合いません（期首 10 + 増加 2 − 減少 0 ≠ 期末 11）。'],
      [4, '組合員番号 2000002 は3行目にもあります（1人1行にしてください）。'],
      [5, '「年度」が取込対象の2025年度と違います（この行は2024年度）。'],
    ])
    assert.equal(await countOf(db.from('contribution_reports')), 0)
  })
})
