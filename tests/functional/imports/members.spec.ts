import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Member from '#models/member'
import { MemberFactory } from '#database/factories/member_factory'
import { rm } from 'node:fs/promises'
import { AffiliationFactory } from '#database/factories/affiliation_factory'
import { currentInitialPassword, decryptInitialPassword } from '#domain/auth/initial_passwords'
import { commitBatch } from '#imports/run/commit'
import { ImportRefusedError } from '#imports/run/errors'
import { storedFilePath } from '#imports/run/stored_files'
import { queueCommit } from '#imports/run/lifecycle'
import { rollbackBatch } from '#imports/run/rollback'
import { validateBatch } from '#imports/run/validate'
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

  test('the commit applies the staged rows alone: the upload can be gone (another instance), and nothing stays staged', async ({
    assert,
  }) => {
    const batch = await validateMembers([
      '2000011,青木 一,アオキ ハジメ,1975/05/05,09012345678,9100001,福井県福井市,,,現職,2001/04/01,',
      '2000012,石田 二郎,イシダ ジロウ,1976/06/06,,,,,,退職,2002/04/01,2027/04/01',
    ])
    assert.equal(batch.status, 'validated')
    assert.equal(await countOf(db.from('member_import_rows').where('import_batch_id', batch.id)), 2)
    await rm(storedFilePath(batch))

    assert.isTrue(await queueCommit(batch))
    await commitBatch(batch.id)
    await batch.refresh()
    assert.equal(batch.status, 'committed')
    const first = await Member.findByOrFail('memberNumber', '2000011')
    assert.equal(first.nameKana, 'アオキ ハジメ')
    assert.equal(first.birthDate.toISODate(), '1975-05-05')
    assert.equal(first.phone, '09012345678')
    assert.equal(first.postalCode, '9100001')
    assert.equal(first.joinedOn.toISODate(), '2001-04-01')
    assert.isNull(first.affiliationId)
    assert.isNull(first.refundOn)
    const row = await db.from('members').where('id', first.id).first()
    assert.include(row.search_name, 'アオキ')
    const second = await Member.findByOrFail('memberNumber', '2000012')
    // Accepted on 2027-04-01: the next fiscal year's March 31.
    assert.equal(second.refundOn!.toISODate(), '2028-03-31')
    assert.equal(second.category, 'retired')
    assert.equal(await countOf(db.from('member_import_rows').where('import_batch_id', batch.id)), 0)
  })

  test('each new member gets one initial password of their own; a changed member keeps theirs', async ({
    assert,
  }) => {
    const existing = await MemberFactory.merge({ memberNumber: '2000021' }).create()
    const batch = await validateMembers([
      '2000021,既存 太郎,キソン タロウ,1970/01/01,,,,,,,2000/04/01,',
      '2000022,新規 一,シンキ ハジメ,1990/01/01,,,,,,,2026/04/01,',
      '2000023,新規 二,シンキ ジ,1991/01/01,,,,,,,2026/04/01,',
    ])
    await queueCommit(batch)
    await commitBatch(batch.id)
    assert.equal(await countOf(db.from('initial_passwords').where('member_id', existing.id)), 0)
    const values = []
    for (const number of ['2000022', '2000023']) {
      const member = await Member.findByOrFail('memberNumber', number)
      assert.equal(await countOf(db.from('initial_passwords').where('member_id', member.id)), 1)
      const value = decryptInitialPassword((await currentInitialPassword(member.id))!)
      assert.match(value!, /^[A-HJ-NP-Z2-9]{8}$/)
      values.push(value)
    }
    assert.notEqual(values[0], values[1])
  })

  test('a new affiliation code is registered once, with the name on its first line; known codes keep their name', async ({
    assert,
  }) => {
    const known = await AffiliationFactory.merge({ code: 'K100', name: '既存の学校' }).create()
    const batch = await validateMembers([
      '2000031,一,イチ,1980/01/01,,,,N200,最初の名前,,2010/04/01,',
      '2000032,二,ニ,1980/01/01,,,,N200,二つ目の名前,,2010/04/01,',
      '2000033,三,サン,1980/01/01,,,,K100,別の名前,,2010/04/01,',
      '2000034,四,ヨン,1980/01/01,,,,K100,,,2010/04/01,',
    ])
    assert.equal(batch.status, 'validated')
    await queueCommit(batch)
    await commitBatch(batch.id)
    const created = await db.from('affiliations').where('code', 'N200')
    assert.lengthOf(created, 1)
    assert.equal(created[0].name, '最初の名前')
    await known.refresh()
    assert.equal(known.name, '既存の学校')
    const members = await db
      .from('members')
      .whereIn('member_number', ['2000031', '2000032', '2000033', '2000034'])
      .orderBy('member_number')
      .select('affiliation_id')
    assert.deepEqual(
      members.map((m) => Number(m.affiliation_id)),
      [created[0].id, created[0].id, known.id, known.id].map(Number)
    )
  })

  test('a file with row errors stages nothing', async ({ assert }) => {
    const batch = await validateMembers([
      '2000041,正しい 行,タダシイ ギョウ,1980/01/01,,,,,,,2010/04/01,',
      '2000042,誤り,アヤマリ,1980/13/01,,,,,,,2010/04/01,',
    ])
    assert.equal(batch.status, 'invalid')
    assert.equal(await countOf(db.from('member_import_rows')), 0)
  })

  test('an affiliation gone between validation and commit fails the commit and changes nothing', async ({
    assert,
  }) => {
    const affiliation = await AffiliationFactory.merge({ code: 'G300' }).create()
    const existing = await MemberFactory.merge({
      memberNumber: '2000051',
      name: '元の 名前',
    }).create()
    const batch = await validateMembers([
      '2000051,変えた 名前,カエタ ナマエ,1980/01/01,,,,,,,2010/04/01,',
      '2000052,新しい 人,アタラシイ ヒト,1980/01/01,,,,G300,,,2010/04/01,',
    ])
    assert.equal(batch.status, 'validated')
    await affiliation.delete()
    await queueCommit(batch)
    await assert.rejects(() => commitBatch(batch.id))
    await batch.refresh()
    assert.equal(batch.status, 'failed')
    assert.equal(
      batch.failureMessage,
      '所属コード G300 は登録されていません（3行目）。所属名を入れて取り込み直してください。'
    )
    await existing.refresh()
    assert.equal(existing.name, '元の 名前')
    assert.isNull(await Member.findBy('memberNumber', '2000052'))
    assert.equal(await countOf(db.from('member_import_rows')), 0)
  })
})
