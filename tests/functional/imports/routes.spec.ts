import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { readFile } from 'node:fs/promises'
import db from '@adonisjs/lucid/services/db'
import ImportBatch from '#models/import_batch'
import AuditLog from '#models/audit_log'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asStaff } from '#tests/helpers/sessions'
import { UPLOAD_NOT_RECEIVED_MESSAGE } from '#validators/staff/import_upload'
import { corpusMembers, countOf, fixturePath, validateFixture } from '#tests/helpers/imports'
import { inertiaProps } from '#tests/helpers/inertia'
import type { ImportBatchPageProps, ImportListProps } from '#presenters/staff/import_batch'
import { route } from '#tests/helpers/routes'

test.group('Imports: staff routes', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('an operator gets 403 on every import route', async ({ client }) => {
    const operator = await StaffUserFactory.apply('operator').create()
    const { batch } = await validateFixture('header_only.csv')
    for (const url of [
      route('staff.imports.index'),
      route('staff.imports.show', { id: batch.id }),
      route('staff.imports.progress', { id: batch.id }),
      route('staff.imports.errors', { id: batch.id }),
      route('staff.imports.sample', { kind: 'statements' }),
    ]) {
      const response = await asStaff(client.get(url), operator)
      response.assertStatus(403)
    }
    for (const url of [
      route('staff.imports.commit', { id: batch.id }),
      route('staff.imports.rollback', { id: batch.id }),
    ]) {
      const response = await asStaff(client.post(url), operator).withCsrfToken()
      response.assertStatus(403)
    }
    const upload = await asStaff(client.post(route('staff.imports.store')), operator)
      .withCsrfToken()
      .field('kind', 'statements')
      .field('period', '2026-10')
    upload.assertStatus(403)
  })

  test('an upload posted as a plain form (no file part) is refused in Japanese, not a 500', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const before = await ImportBatch.query().count('* as total')
    const upload = await asStaff(client.post(route('staff.imports.store')), clerk)
      .withCsrfToken()
      .form({ kind: 'statements', period: '2026-10' })
      .redirects(0)
    upload.assertStatus(302)
    upload.assertHeader('location', route('staff.imports.index'))
    upload.assertFlashMessage('error', UPLOAD_NOT_RECEIVED_MESSAGE)
    const after = await ImportBatch.query().count('* as total')
    assert.equal(after[0].$extras.total, before[0].$extras.total)
  })

  test('not logged in: the import pages redirect to the staff log-in', async ({ client }) => {
    const response = await client.get(route('staff.imports.index')).redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('staff.login.show'))
  })

  test('a clerk uploads, previews, commits and sees the result; history lists it', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    await corpusMembers()
    const upload = await asStaff(client.post(route('staff.imports.store')), clerk)
      .withCsrfToken()
      .field('kind', 'statements')
      .field('period', '2026-10')
      .field('encoding', 'auto')
      .file('file', fixturePath('valid_sjis_crlf.csv'))
      .redirects(0)
    upload.assertStatus(302)
    const batch = await ImportBatch.query().orderBy('id', 'desc').firstOrFail()
    upload.assertHeader('location', route('staff.imports.show', { id: batch.id }))
    assert.equal(batch.status, 'validated')
    assert.equal(batch.createdByStaffId, clerk.id)
    assert.equal(batch.originalFileName, 'valid_sjis_crlf.csv')
    assert.notEqual(batch.storedFileName, 'valid_sjis_crlf.csv')
    const uploaded = await readFile(fixturePath('valid_sjis_crlf.csv'))
    assert.equal(batch.fileSize, uploaded.length)

    const preview = await asStaff(
      client.get(route('staff.imports.show', { id: batch.id })),
      clerk
    ).withInertia()
    preview.assertInertiaComponent('staff/imports/show')
    const props = inertiaProps<ImportBatchPageProps>(preview)
    assert.equal(props.preview!.total.amount, 2836)
    assert.isTrue(props.batch.canCommit)
    assert.deepEqual(
      props.preview!.byTaxRate.map((l) => [l.label, l.amount]),
      [
        ['0%', 1200],
        ['10%', 1398],
        ['8%', 238],
      ]
    )

    const progress = await asStaff(
      client.get(route('staff.imports.progress', { id: batch.id })),
      clerk
    )
    progress.assertBodyContains({ status: 'validated', running: false, percent: 100 })

    const commit = await asStaff(
      client.post(route('staff.imports.commit', { id: batch.id })),
      clerk
    )
      .withCsrfToken()
      .redirects(0)
    commit.assertHeader('location', route('staff.imports.show', { id: batch.id }))
    await batch.refresh()
    assert.equal(batch.status, 'committed')
    const pointer = await db.from('billing_months').where('billing_month', '2026-10').first()
    assert.equal(pointer.active_batch_id, batch.id)

    const history = await asStaff(client.get(route('staff.imports.index')), clerk).withInertia()
    history.assertInertiaComponent('staff/imports/index')
    const rows = inertiaProps<ImportListProps>(history).batches
    assert.equal(rows[0].id, batch.id)
    assert.equal(rows[0].fileSha256, batch.fileSha256)
    assert.equal(rows[0].statusLabel, '反映済み')

    const rollback = await asStaff(
      client.post(route('staff.imports.rollback', { id: batch.id })),
      clerk
    )
      .withCsrfToken()
      .redirects(0)
    rollback.assertStatus(302)
    await batch.refresh()
    assert.equal(batch.status, 'rolled_back')
    const audited = await AuditLog.query()
      .where('staff_user_id', clerk.id)
      .whereIn('action', ['import.upload', 'import.commit', 'import.rollback'])
      .orderBy('id')
    assert.deepEqual(
      audited.map((entry) => [entry.action, entry.outcome]),
      [
        ['import.upload', 'success'],
        ['import.commit', 'success'],
        ['import.rollback', 'success'],
      ]
    )
  })

  test('upload refusals: no file, bad month, unknown kind (nothing created)', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    const response = await asStaff(client.post(route('staff.imports.store')), clerk)
      .withCsrfToken()
      .field('kind', 'nope')
      .field('period', '2026-13')
      .redirects(0)
    response.assertStatus(302)
    response.assertHeader('location', route('staff.imports.index'))
    response.assertFlashMessage('errorsBag', {
      kind: '取込の種類を選んでください。',
      file: 'CSVファイルを選んでください。',
    })
    const statements = await asStaff(client.post(route('staff.imports.store')), clerk)
      .withCsrfToken()
      .field('kind', 'statements')
      .field('period', '2026-13')
      .file('file', fixturePath('valid_utf8_lf.csv'))
      .redirects(0)
    statements.assertFlashMessage('errorsBag', {
      period: '請求明細は請求月を 2026-10 のように入力してください。',
    })
    assert.equal(await countOf(db.from('import_batches')), 0)
  })

  test('a file with errors: preview lists them, error CSV, commit refused', async ({
    client,
    assert,
  }) => {
    const clerk = await StaffUserFactory.apply('clerk').create()
    await corpusMembers()
    const { batch } = await validateFixture('unknown_member.csv')
    const page = await asStaff(
      client.get(route('staff.imports.show', { id: batch.id })),
      clerk
    ).withInertia()
    const props = inertiaProps<ImportBatchPageProps>(page)
    assert.isFalse(props.batch.canCommit)
    assert.deepEqual(
      props.errors.rows.map((e) => e.line),
      [3, 4]
    )
    const csv = await asStaff(client.get(route('staff.imports.errors', { id: batch.id })), clerk)
    csv.assertHeader('content-type', 'text/csv; charset=UTF-8')
    assert.include(csv.text(), '組合員番号 9999999 の組合員は登録されていません')
    const commit = await asStaff(
      client.post(route('staff.imports.commit', { id: batch.id })),
      clerk
    )
      .withCsrfToken()
      .redirects(0)
    commit.assertFlashMessage(
      'error',
      'エラーが残っているため反映できません。ファイルを直してから取り込み直してください。'
    )
    await batch.refresh()
    assert.equal(batch.status, 'invalid')
  })

  test('the sample file lists the standard headers and reads back as valid', async ({
    client,
    assert,
  }) => {
    const admin = await StaffUserFactory.apply('admin').create()
    const response = await asStaff(
      client.get(route('staff.imports.sample', { kind: 'statements' })),
      admin
    )
    response.assertStatus(200)
    assert.include(response.text(), '請求月,組合員番号,利用日,区分,品名,数量,単価,金額,税率')
    const missing = await asStaff(
      client.get(route('staff.imports.sample', { kind: 'nothing' })),
      admin
    )
    missing.assertStatus(404)
  })
})
