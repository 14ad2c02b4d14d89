import { test } from '@japa/runner'
import { engine, startRealServer, type RealServer } from '#tests/helpers/real_server'
import {
  loginMember,
  loginStaff,
  memberLoginAttempts,
  route,
  wrongMemberPassword,
} from '#tests/helpers/real_server_logins'
import { copyOfJar } from '#tests/helpers/real_server_sessions'
import { commitImport, uploadImport, waitForImportStatus } from '#tests/helpers/real_server_imports'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/*
| Two app processes of one installation behind a load balancer: a browser may
| reach either. On PostgreSQL the run is production's shape (sessions, limits
| and locks in Redis); on SQLite the quick start's stores (database tables)
| are shared by two processes on one file the same way.
*/
test.group(`Two instances of one installation (${engine})`, (group) => {
  let a: RealServer
  let b: RealServer
  // Each instance keeps uploads on its own disk, as two machines would.
  const uploadsOfA = mkdtempSync(join(tmpdir(), 'coop-uploads-a-'))
  const uploadsOfB = mkdtempSync(join(tmpdir(), 'coop-uploads-b-'))
  group.setup(async () => {
    a = await startRealServer({ env: { IMPORTS_DIRECTORY: uploadsOfA } })
    b = await startRealServer({ sameInstallationAs: a, env: { IMPORTS_DIRECTORY: uploadsOfB } })
    return async () => {
      await b.stop()
      await a.stop()
      rmSync(uploadsOfA, { recursive: true, force: true })
      rmSync(uploadsOfB, { recursive: true, force: true })
    }
  })

  test('a member logged in on one instance is logged in on the other; log-out on the other ends it on both', async ({
    assert,
  }) => {
    const onA = a.client()
    await loginMember(a, onA, 'hanako@example.jp')
    const onB = copyOfJar(b, onA)
    const home = await onB.get(route('member.home'))
    assert.equal(home.status, 200)
    assert.equal(home.page().component, 'member/home')

    await onB.postForm(route('member.logout'), {})

    const again = copyOfJar(a, onA)
    const afterwards = await again.get(route('member.home'))
    assert.equal(afterwards.status, 302)
    assert.equal(afterwards.location, route('public.login.show'))
  })

  test('a staff session started on one instance opens the back-office on the other', async ({
    assert,
  }) => {
    const onA = a.client()
    await loginStaff(onA, 'clerk')
    const dashboard = await copyOfJar(b, onA).get(route('staff.dashboard'))
    assert.equal(dashboard.status, 200)
  })

  test('failed log-ins counted on one instance count on the other: the 6th wrong password within a minute is refused there', async ({
    assert,
  }) => {
    const email = 'member1000020@example.jp'
    const tries = [a, a, a, b, a, b]
    for (const server of tries) {
      await wrongMemberPassword(server.client({ localAddress: '127.0.0.9' }), email)
    }
    const logged = await memberLoginAttempts(a, email)
    assert.deepEqual(
      logged.map((row) => row.reason),
      ['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'throttled']
    )
  })

  test('a member master uploaded to one instance is committed by the other, which never had the file', async ({
    assert,
  }) => {
    const clerkOnA = a.client()
    await loginStaff(clerkOnA, 'clerk')
    const csv = [
      '組合員番号,氏名,フリガナ,生年月日,電話番号,郵便番号,住所,所属コード,所属名,区分,加入日,脱退受理日',
      // The demo's hanako, moved; and a new member at a new school.
      '1000001,山田 花子,ヤマダ ハナコ,1985/06/14,0776-20-1111,910-0005,福井県福井市大手2-2-2,,,現職,2008/04/01,',
      '3999001,新井 一郎,アライ イチロウ,1995/07/07,,,,S9901,福井市立二つ目小学校,現職,2026/04/01,',
    ].join('\r\n')
    const upload = await uploadImport(
      clerkOnA,
      { kind: 'members' },
      Buffer.from(csv + '\r\n'),
      '組合員マスタ.csv'
    )
    assert.exists(upload.batchId, `the upload is accepted (${upload.location})`)
    const batchId = upload.batchId!
    const validated = await waitForImportStatus(clerkOnA, batchId, [
      'validated',
      'invalid',
      'failed',
    ])
    assert.equal(validated.status, 'validated', a.output())
    assert.lengthOf(readdirSync(uploadsOfB), 0, 'instance B never received the upload')

    const clerkOnB = copyOfJar(b, clerkOnA)
    const commit = await commitImport(clerkOnB, batchId)
    assert.equal(commit.status, 302)
    const committed = await waitForImportStatus(clerkOnB, batchId, ['committed', 'failed'])
    assert.equal(committed.status, 'committed', b.output())

    const [hanako] = await b.sql('SELECT address, phone FROM members WHERE member_number = ?', [
      '1000001',
    ])
    assert.deepEqual(
      { address: hanako.address, phone: hanako.phone },
      { address: '福井県福井市大手2-2-2', phone: '0776201111' }
    )
    const [created] = await b.sql(
      `SELECT m.id, f.name AS school, (SELECT COUNT(*) FROM initial_passwords p
         WHERE p.member_id = m.id AND p.invalidated_at IS NULL) AS passwords
       FROM members m JOIN affiliations f ON f.id = m.affiliation_id WHERE m.member_number = ?`,
      ['3999001']
    )
    assert.equal(created.school, '福井市立二つ目小学校')
    assert.equal(Number(created.passwords), 1)
  }).timeout(120_000)
})
