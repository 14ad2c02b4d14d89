import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import ImportRowError from '#models/import_row_error'
import { MemberFactory } from '#database/factories/member_factory'
import { commitBatch } from '#imports/run/commit'
import { queueCommit } from '#imports/run/lifecycle'
import { validateBatch } from '#imports/run/validate'
import { sampleCsv } from '#imports/samples'
import { presentPreview } from '#presenters/staff/import_batch'
import {
  corpusMembers,
  countOf,
  rowErrors,
  uploadFile,
  validateFixture,
} from '#tests/helpers/imports'

/**
 * The optional debit columns of the monthly statements file (issue 12 item 5): 引落日 and the
 * account (bank, branch, type, last 4 digits). Run on SQLite (prepared INSERTs) and on
 * PostgreSQL (COPY + the set-based statements INSERT) alike: DB_CONNECTION=pg.
 */
const HEADER = '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率'
const DEBIT_HEADER = `${HEADER},引落日,引落銀行,引落支店,預金種目,口座番号下4桁`

async function validate(header: string, lines: string[], period = '2026-10') {
  const batch = await uploadFile(
    { content: [header, ...lines].join('\r\n') + '\r\n', name: 'debit.csv' },
    { period }
  )
  await validateBatch(batch.id)
  await batch.refresh()
  return { batch, errors: await rowErrors(batch.id) }
}

async function debitColumns(batchId: number) {
  const rows = await db
    .from('statements')
    .join('members', 'members.id', 'statements.member_id')
    .where('statements.import_batch_id', batchId)
    .orderBy('members.member_number')
    .select(
      'members.member_number',
      'statements.debit_date',
      'statements.debit_bank_name',
      'statements.debit_branch_name',
      'statements.debit_account_type',
      'statements.debit_account_last4',
      'statements.line_count'
    )
  return rows.map((r) => [
    String(r.member_number),
    r.debit_date === null ? null : dateText(r.debit_date),
    r.debit_bank_name,
    r.debit_branch_name,
    r.debit_account_type,
    r.debit_account_last4,
    Number(r.line_count),
  ])
}

/** A date column as SQLite ('2026-11-27') and pg (a Date at local midnight) return it. */
function dateText(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`
}

test.group('Imports: debit details (optional columns)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the columns are stored once per member and month, in any accepted form', async ({
    assert,
  }) => {
    await corpusMembers()
    const { batch, errors } = await validateFixture('valid_debit_columns.csv')
    assert.deepEqual(errors, [])
    assert.equal(batch.status, 'validated')
    assert.deepEqual(await debitColumns(batch.id), [
      ['2000001', '2026-11-27', 'ふくい銀行', '大手支店', '普通', '1234', 2],
      ['2000002', '2026-11-27', '北陸信用金庫', '中央支店', '当座', '5678', 1],
    ])
    await queueCommit(batch)
    const committed = await commitBatch(batch.id)
    assert.equal(committed.status, 'committed')
    assert.deepEqual(await debitColumns(batch.id), [
      ['2000001', '2026-11-27', 'ふくい銀行', '大手支店', '普通', '1234', 2],
      ['2000002', '2026-11-27', '北陸信用金庫', '中央支店', '当座', '5678', 1],
    ])
    // The preview (staff) counts the members with debit details, by debit date.
    assert.deepEqual(presentPreview(committed)!.debit, {
      members: 2,
      withoutDebit: 0,
      dates: [{ label: '2026年11月27日', members: 2 }],
    })
  })

  test('a file without the columns imports as before: no debit details, no preview line', async ({
    assert,
  }) => {
    await corpusMembers()
    const { batch, errors } = await validateFixture('valid_utf8_lf.csv')
    assert.deepEqual(errors, [])
    assert.equal(batch.status, 'validated')
    assert.deepEqual(await debitColumns(batch.id), [
      ['2000001', null, null, null, null, null, 2],
      ['2000002', null, null, null, null, null, 2],
    ])
    assert.isNull(presentPreview(batch)!.debit)
  })

  test('an account number longer than 4 digits is a row error and never stored', async ({
    assert,
  }) => {
    await corpusMembers()
    const { batch, errors } = await validateFixture('debit_account_too_long.csv')
    assert.equal(batch.status, 'invalid')
    const message =
      '口座番号は下4桁だけを入れてください（5桁以上の番号は受け付けず、保存しません）。'
    assert.deepEqual(errors, [
      [2, message],
      [3, message],
    ])
    // Nothing staged, and the row errors' raw text keeps no digit of the account number.
    assert.equal(await countOf(db.from('statements').where('import_batch_id', batch.id)), 0)
    const raws = await ImportRowError.query().where('import_batch_id', batch.id).orderBy('id')
    assert.equal(
      raws[0].rawLine,
      '2026/10,2000001,2026/10/05,食品,牛乳 1000ml,2,238,476,8,2026/11/27,ふくい銀行,大手支店,普通,*******'
    )
    assert.notInclude(raws[1].rawLine!, '56789')
    assert.notInclude(raws[1].rawLine!, '6789')
  })

  test('the lines of one member must agree on the debit details: the first line wins', async ({
    assert,
  }) => {
    await corpusMembers()
    const { batch, errors } = await validate(DEBIT_HEADER, [
      '2026/10,2000001,2026/10/05,食品,牛乳,1,238,238,8,2026/11/27,ふくい銀行,大手支店,普通,1234',
      '2026/10,2000001,2026/10/06,食品,卵,1,300,300,8,2026/11/27,ふくい銀行,大手支店,普通,1234',
      // Another account for the same member: refused against line 2.
      '2026/10,2000001,2026/10/07,食品,パン,1,200,200,8,2026/11/27,ふくい銀行,大手支店,普通,9999',
      // Another date for the same member.
      '2026/10,2000001,2026/10/08,食品,米,1,2000,2000,8,2026/11/26,ふくい銀行,大手支店,普通,1234',
      // No debit details on one line of a member that has them.
      '2026/10,2000001,2026/10/09,食品,塩,1,100,100,8,,,,,',
      // Another member, other details: fine.
      '2026/10,2000002,2026/10/05,食品,牛乳,1,238,238,8,2026/11/27,北陸信用金庫,中央支店,当座,5678',
    ])
    const message =
      '引落日・引落口座が、同じ組合員の2行目と違います。1人の組合員の行はすべて同じ引落日・口座にしてください。'
    assert.deepEqual(errors, [
      [4, message],
      [5, message],
      [6, message],
    ])
    assert.equal(batch.status, 'invalid')
  })

  test('the first valid line decides: a wrong line before it does not', async ({ assert }) => {
    await corpusMembers()
    const { errors } = await validate(DEBIT_HEADER, [
      // A wrong amount: this line is refused and its debit details do not count.
      '2026/10,2000001,2026/10/05,食品,牛乳,1,238,abc,8,2026/11/27,ふくい銀行,大手支店,普通,1111',
      '2026/10,2000001,2026/10/06,食品,卵,1,300,300,8,2026/11/27,ふくい銀行,大手支店,普通,1234',
      '2026/10,2000001,2026/10/07,食品,パン,1,200,200,8,2026/11/27,ふくい銀行,大手支店,普通,1234',
    ])
    assert.deepEqual(
      errors.map(([line]) => line),
      [2]
    )
  })

  test('{case}')
    .with([
      {
        case: 'an account with a missing part is a row error naming it',
        cells: '2026/11/27,ふくい銀行,,普通,1234',
        message:
          '引落口座の「引落支店」が空です。銀行・支店・預金種目・口座番号下4桁はそろえて入力してください。',
      },
      {
        case: 'an unknown account type is a row error',
        cells: '2026/11/27,ふくい銀行,大手支店,外貨,1234',
        message: '「預金種目」は 普通、当座、貯蓄 のいずれかにしてください（値: 外貨）。',
      },
      {
        case: 'three digits are not the last 4 digits',
        cells: '2026/11/27,ふくい銀行,大手支店,普通,123',
        message: '「口座番号下4桁」は数字4桁で入力してください。',
      },
      {
        case: 'a debit date that is not a date is a row error',
        cells: '2026/11/31,ふくい銀行,大手支店,普通,1234',
        message:
          '「引落日」を日付として読めません（値: 2026/11/31）。2026/11/27 のように入力してください。',
      },
    ])
    .run(async ({ assert }, { cells, message }) => {
      await corpusMembers()
      const { errors } = await validate(DEBIT_HEADER, [
        `2026/10,2000001,2026/10/05,食品,牛乳,1,238,238,8,${cells}`,
      ])
      assert.deepEqual(errors, [[2, message]])
    })

  test('a date alone, or an account alone, is accepted', async ({ assert }) => {
    await corpusMembers()
    const { batch, errors } = await validate(DEBIT_HEADER, [
      '2026/10,2000001,2026/10/05,食品,牛乳,1,238,238,8,2026/11/27,,,,',
      '2026/10,2000002,2026/10/05,食品,牛乳,1,238,238,8,,北陸信用金庫,中央支店,貯蓄,0001',
    ])
    assert.deepEqual(errors, [])
    assert.deepEqual(await debitColumns(batch.id), [
      ['2000001', '2026-11-27', null, null, null, null, 1],
      ['2000002', null, '北陸信用金庫', '中央支店', '貯蓄', '0001', 1],
    ])
    assert.deepEqual(presentPreview(batch)!.debit, {
      members: 2,
      withoutDebit: 0,
      dates: [
        { label: '2026年11月27日', members: 1 },
        { label: '引落日なし（口座のみ）', members: 1 },
      ],
    })
  })

  test('the sample file the import page offers imports without an error', async ({ assert }) => {
    for (const memberNumber of ['1000001', '1000002']) {
      await MemberFactory.merge({ memberNumber }).create()
    }
    const batch = await uploadFile({ content: sampleCsv('statements'), name: 'sample.csv' })
    await validateBatch(batch.id)
    await batch.refresh()
    assert.deepEqual(await rowErrors(batch.id), [])
    assert.equal(batch.status, 'validated')
    assert.deepEqual(await debitColumns(batch.id), [
      ['1000001', '2026-11-27', 'ふくい銀行', '大手支店', '普通', '1234', 3],
      ['1000002', '2026-11-27', '北陸信用金庫', '中央支店', '当座', '5678', 1],
    ])
  })
})
