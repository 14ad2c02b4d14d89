import { test } from '@japa/runner'
import { rm, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { engine, runAce, startRealServer, type RealServer } from '#tests/helpers/real_server'
import { loginMember, route } from '#tests/helpers/real_server_logins'
import type { HttpClient } from '#tests/helpers/real_server'

/*
| Issue 15, item 6: the restore drill. A backup taken while the portal runs, the database
| wiped, the backup restored: members see the same statements and log in, and the stored
| initial passwords still decrypt (the same APP_KEY, kept apart from the backup).
*/

/** The billing months a member's statements page lists (2026年10月分, ...). */
async function billingMonthsSeenBy(client: HttpClient): Promise<string[]> {
  const page = await client.get(route('member.statements.index'))
  return [...new Set(page.text.match(/\d{4}年\d{1,2}月分/g) ?? [])].sort()
}

async function wipeDatabase(server: RealServer) {
  if (engine === 'sqlite') {
    const file = server.env.SQLITE_FILE
    for (const suffix of ['', '-wal', '-shm']) await rm(`${file}${suffix}`, { force: true })
    return
  }
  const admin = new pg.Client({
    host: server.env.DB_HOST,
    port: Number(server.env.DB_PORT),
    user: server.env.DB_USER,
    password: server.env.DB_PASSWORD,
    database: 'postgres',
  })
  await admin.connect()
  try {
    const name = server.env.DB_DATABASE
    await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
}

test.group('Backups: a restore drill on a real server', () => {
  test('back up while running, wipe, restore: the same statements, log-ins and initial passwords', async ({
    assert,
  }) => {
    const before = await startRealServer()
    const hanako = before.client()
    await loginMember(before, hanako, 'hanako@example.jp')
    const monthsBefore = await billingMonthsSeenBy(hanako)
    assert.isAtLeast(monthsBefore.length, 12, 'the demo member has a year of statements')

    // Taken while the server runs and a request is being answered.
    const file = join(
      tmpdir(),
      `coop-backup-${process.pid}-${Date.now()}.${engine === 'sqlite' ? 'sqlite3' : 'dump'}`
    )
    const [output] = await Promise.all([
      runAce(['db:backup', `--to=${file}`], before.env),
      hanako.get(route('member.home')),
    ])
    assert.include(output, 'backup written')
    assert.include(output, 'APP_KEY is not in the backup')
    assert.isTrue(existsSync(file))
    await before.stop()

    await wipeDatabase(before)
    const refused = await runAce(['db:restore', file], before.env).catch((error) => String(error))
    assert.include(refused, 'add --force to confirm')
    // A file that is no database (a truncated download, the wrong file) is refused before
    // anything is replaced.
    const damaged = `${file}.damaged`
    await writeFile(damaged, 'this is not a database backup\n')
    const badFile = await runAce(['db:restore', damaged, '--force'], before.env).catch((error) =>
      String(error)
    )
    await rm(damaged, { force: true })
    assert.include(badFile, 'restore failed')
    await runAce(['db:restore', file, '--force'], before.env)

    const after = await startRealServer({ sameInstallationAs: before })
    try {
      const again = after.client()
      await loginMember(after, again, 'hanako@example.jp')
      assert.deepEqual(await billingMonthsSeenBy(again), monthsBefore)

      // The demo's unregistered member: the initial password of the guide letter is checked
      // against the stored, encrypted one.
      const newcomer = after.client()
      await newcomer.get(route('public.register.show'))
      const verified = await newcomer.postForm(route('public.register.verify'), {
        memberNumber: '1000002',
        initialPassword: 'K7P2M9QX',
      })
      assert.equal(verified.status, 302)
      assert.equal(verified.location, route('public.register.account'))
    } finally {
      await after.stop()
      await rm(file, { force: true })
    }
  })
})
