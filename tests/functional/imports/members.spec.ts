import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Member from '#models/member'
import { MemberFactory } from '#database/factories/member_factory'
import { currentInitialPassword } from '#domain/initial_passwords'
import {
  commitBatch,
  ImportRefusedError,
  queueCommit,
  rollbackBatch,
  validateBatch,
} from '#imports/run'
import { countOf, rowErrors, uploadFile } from '#tests/helpers/imports'

const HEADER =
  '組合員番号,氏名,フリガナ,生年月日,電話番号,郵便番号,住所,所属コード,所属名,区分,加入日,脱退受理日'

async function validateMembers(lines: string[]) {
  const batch = await uploadFile(
    { content: [HEADER, ...lines].join('\n') + '\n', name: '組合員マスタ.csv' },
    { kind: 'members', period: null }
  )
  await validateBatch(batch.id)
  await batch.refresh()
  return batch
}

test.group('Imports: member master', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('upsert by member number; new members get an initial password', async ({ assert }) => {
    const existing = await MemberFactory.merge({
      memberNumber: '2000001',
      name: '旧姓 花子',
    }).create()
    const batch = await validateMembers([
      '2000001,新姓 花子,シンセイ ハナコ,1980/04/01,0776-12-3456,910-0001,福井県福井市大手,S900,新しい学校,退職,2010/04/01,2026/06/30',
      '2000009,新井 一郎,アライ イチロウ,19900102,,,,,,現職,2026-11-01,',
    ])
    assert.equal(batch.status, 'validated')
    assert.isTrue(await queueCommit(batch))
    await commitBatch(batch.id)

    await existing.refresh()
    assert.equal(existing.name, '新姓 花子')
    assert.equal(existing.category, 'retired')
    assert.equal(existing.refundOn!.toISODate(), '2027-03-31')
    assert.equal(existing.phone, '0776123456')
    const affiliation = await db.from('affiliations').where('code', 'S900').first()
    assert.equal(existing.affiliationId, affiliation.id)
    assert.isNull(await currentInitialPassword(existing.id))

    const created = await Member.findByOrFail('memberNumber', '2000009')
    assert.isNotNull(await currentInitialPassword(created.id))
    await assert.rejects(() => rollbackBatch(batch.id), ImportRefusedError as any)
  })

  test('bad rows are row errors and nothing is written', async ({ assert }) => {
    const before = await countOf(db.from('members'))
    const batch = await validateMembers([
      '2000001,山田 花子,ヤマダ ハナコ,1980/02/30,0776,910,住所,X1,,会長,2010/04/01,',
      '2000001,山田 花子,ヤマダ ハナコ,1980/02/01,,,,,,,2010/04/01,',
    ])
    assert.equal(batch.status, 'invalid')
    assert.deepEqual(await rowErrors(batch.id), [
      [
        2,
        '「生年月日」を日付として読めません（値: 1980/02/30）。2026/11/05 のように入力してください。',
      ],
      [2, '「電話番号」は10桁か11桁の数字にしてください。'],
      [2, '「郵便番号」は7桁の数字にしてください。'],
      [2, '所属コード X1 は登録されていません。新しい所属なら「所属名」も入力してください。'],
      [2, '「区分」は「現職」か「退職」にしてください。'],
      [3, '組合員番号 2000001 は2行目にもあります（1人1行にしてください）。'],
    ])
    assert.equal(await countOf(db.from('members')), before)
  })
})
