import { test } from '@japa/runner'
import { startRealServer, type RealServer } from '#tests/helpers/real_server'
import { loginMember, loginStaff, route } from '#tests/helpers/real_server_logins'
import {
  commitImport,
  demoMonth,
  rollbackImport,
  STATEMENTS_HEADER,
  uploadStatements,
  waitForImportStatus,
} from '#tests/helpers/real_server_imports'

/*
| The import journey as deployed (issue 9, "How the product is tested"): a clerk uploads a
| statements file in the back-office, the runner child validates it, the preview shows the
| totals, 反映 publishes it, the member sees the month, 取り消し brings the previous data back.
*/
test.group('Import journey on a real server', (group) => {
  let server: RealServer
  group.setup(async () => {
    server = await startRealServer()
    return async () => {
      await server.stop()
    }
  })

  test('upload → preview totals → commit → member sees it → rollback → previous data', async ({
    assert,
  }) => {
    const month = demoMonth(0)
    const [year, mm] = month.split('-')
    const member = server.client()
    await loginMember(server, member, 'hanako@example.jp')
    const memberPage = async () => {
      const page = await member.get(route('member.statements.show', { month }))
      assert.equal(page.status, 200)
      return page
    }
    const before = await memberPage()
    const previousTotal = before.page<{ total: string }>().props.total

    const clerk = server.client()
    await loginStaff(clerk, 'clerk')
    const csv = [
      STATEMENTS_HEADER,
      `${year}/${mm},1000001,${year}/${mm}/03,食品,国産りんご,2,600,1200,8`,
      `${year}/${mm},1000001,${year}/${mm}/10,食品,有機にんじん,1,800,800,8`,
      `${year}/${mm},1000001,${year}/${mm}/17,日用品,台所用洗剤,1,500,500,10`,
    ].join('\r\n')
    const upload = await uploadStatements(clerk, month, Buffer.from(csv + '\r\n'), '請求明細.csv')
    assert.exists(upload.batchId, `the upload is accepted (${upload.location})`)
    const batchId = upload.batchId!
    const validated = await waitForImportStatus(clerk, batchId, ['validated', 'invalid', 'failed'])
    assert.equal(validated.status, 'validated', server.output())

    const preview = await clerk.get(route('staff.imports.show', { id: batchId }))
    assert.equal(preview.status, 200)
    const props = preview.page<any>().props
    assert.equal(props.batch.statusLabel, '検証済み（未反映）')
    assert.isTrue(props.batch.canCommit)
    assert.equal(props.preview.total.rows, 3)
    assert.equal(props.preview.total.amount, 2500)
    assert.equal(props.preview.members.count, 1)
    assert.isTrue(props.preview.replacesActive, 'the month already has data')
    // Categories of the month it replaces are listed too (rows 0): compare the new file's.
    assert.deepEqual(
      props.preview.byCategory
        .filter((line: any) => line.rows > 0)
        .map((line: any) => [line.label, line.rows, line.amount]),
      [
        ['日用品', 1, 500],
        ['食品', 2, 2000],
      ]
    )
    assert.deepEqual(
      props.preview.byTaxRate
        .filter((line: any) => line.rows > 0)
        .map((line: any) => [line.label, line.amount]),
      [
        ['10%', 500],
        ['8%', 2000],
      ]
    )
    // Validated is not published: the member still sees the month as it was.
    const unpublished = await memberPage()
    assert.equal(unpublished.page<{ total: string }>().props.total, previousTotal)

    const commit = await commitImport(clerk, batchId)
    assert.equal(commit.status, 302)
    const committed = await waitForImportStatus(clerk, batchId, ['committed', 'failed'])
    assert.equal(committed.status, 'committed', server.output())
    const after = await memberPage()
    assert.equal(after.page<{ total: string }>().props.total, '2,500円')
    assert.include(after.text, '国産りんご')
    assert.include(after.text, '台所用洗剤')

    const rolledBack = await rollbackImport(clerk, batchId)
    assert.equal(rolledBack.status, 302)
    const shown = await clerk.follow(rolledBack)
    assert.equal(
      shown.page<any>().props.flash.success,
      '取込を取り消しました。組合員には以前の内容が表示されます。'
    )
    assert.equal(shown.page<any>().props.batch.statusLabel, '取り消し済み')

    const restored = await memberPage()
    assert.equal(restored.page<{ total: string }>().props.total, previousTotal)
    assert.notInclude(restored.text, '国産りんご')
  }).timeout(120_000)
})
