import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { randomBytes } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'

const FIRST_NUMBER = 7_000_000
const SCHOOLS = 400

/**
 * `node ace dataset:build` (run through `npm run bench:dataset`, which gives it a fresh database
 * kept for `npm run bench:reads`): the co-op at its real size, built through the product's own
 * import path. A member master of `--members` (50,000) over 400 schools, then `--months` (12)
 * monthly statement files of 15 lines per member, each validated and committed by the runner
 * child as 反映 starts it; then what the members and staff have left behind in a few years:
 * 4 in 5 members registered, `--audit-rows` (1,000,000) audit entries, `--profile-changes`
 * (60,000) changes, 3,000 inquiries, 1,000 affiliation requests. Writes the log-ins of one member
 * (a confirmed browser, so no mailed code) and one staff administrator to
 * tmp/bench-dataset-DB-logins.json and prints one JSON line of timings.
 */
export default class DatasetBuild extends BaseCommand {
  static commandName = 'dataset:build'
  static description = 'Build the 50,000-member benchmark dataset (npm run bench:dataset)'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Members in the master', default: 50_000 })
  declare members: number

  @flags.number({ description: 'Monthly statement files (15 lines a member)', default: 12 })
  declare months: number

  @flags.number({ description: 'Audit log entries', default: 1_000_000 })
  declare auditRows: number

  @flags.number({ description: 'Profile changes (change history)', default: 60_000 })
  declare profileChanges: number

  @flags.string({ description: 'sqlite or pg (set up by bin/bench_dataset.js)', default: 'sqlite' })
  declare db: string

  @flags.string({
    description: 'dev (ace with the TypeScript loader) or build (compiled build/)',
    default: 'dev',
  })
  declare runner: string

  async run() {
    const started = performance.now()
    const migrator = new MigrationRunner(db, this.app, { direction: 'up', dryRun: false })
    await migrator.run()
    if (migrator.error) throw migrator.error
    const { linkBuildToSources } = await import('#imports/bench_runner')
    const runner = this.runner === 'build' ? 'build' : 'dev'
    if (runner === 'build') await linkBuildToSources()
    const { writeCp932File, memberMasterLine, MEMBER_MASTER_HEADER } =
      await import('#imports/bench_files')

    const timings: Record<string, number> = {}
    timings.members_s = await this.importFile('members', null, (file) =>
      writeCp932File(file, MEMBER_MASTER_HEADER, this.members, (i) =>
        memberMasterLine(FIRST_NUMBER, i, i % SCHOOLS, `福井市立第${(i % SCHOOLS) + 1}小学校`)
      )
    )
    const statementSeconds: number[] = []
    for (const period of this.periods()) {
      statementSeconds.push(await this.importStatements(period))
      this.logger.info(`statements ${period}: ${statementSeconds.at(-1)!.toFixed(1)} s`)
    }
    timings.statements_s = statementSeconds.reduce((a, b) => a + b, 0)

    const activity = performance.now()
    const logins = await this.accounts()
    await this.auditEntries()
    await this.profileChangesAndRequests()
    await this.inquiries()
    // Fresh statistics, as autovacuum / a later ANALYZE would have within minutes: without them
    // PostgreSQL plans the bulk-written tables as if nearly empty.
    await db.rawQuery('ANALYZE')
    timings.activity_s = (performance.now() - activity) / 1000

    const { writeFile } = await import('node:fs/promises')
    await writeFile(
      this.app.tmpPath(`bench-dataset-${this.db}-logins.json`),
      JSON.stringify({ ...logins, months: this.periods() })
    )
    const count = async (table: string) => {
      const row = await db.from(table).count('* as n').first()
      return Number(row.n)
    }
    const round = (value: number) => Math.round(value * 10) / 10
    this.logger.log(
      JSON.stringify({
        db: this.db,
        runner,
        members: await count('members'),
        member_accounts: await count('member_accounts'),
        statements: await count('statements'),
        statement_lines: await count('statement_lines'),
        audit_logs: await count('audit_logs'),
        profile_changes: await count('profile_changes'),
        inquiries: await count('inquiries'),
        ...Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round(v)])),
        total_s: round((performance.now() - started) / 1000),
      })
    )
  }

  /** The billing months, oldest first: the twelve before the current one. */
  periods(): string[] {
    const now = DateTime.now().setZone('Asia/Tokyo').startOf('month')
    return Array.from({ length: this.months }, (_, i) =>
      now.minus({ months: this.months - i }).toFormat('yyyy-MM')
    )
  }

  async importStatements(period: string) {
    const { writeCp932File, monthlyStatementLine, STATEMENT_HEADER } =
      await import('#imports/bench_files')
    const month = period.replace('-', '/')
    const lines = 15
    return this.importFile('statements', period, (file) =>
      writeCp932File(file, STATEMENT_HEADER, this.members * lines, (i) =>
        monthlyStatementLine(month, FIRST_NUMBER + Math.floor(i / lines), i % lines)
      )
    )
  }

  /** Writes a file and has the runner child validate and commit it; returns the runner's seconds. */
  async importFile(
    kind: 'members' | 'statements',
    period: string | null,
    write: (file: string) => Promise<void>
  ): Promise<number> {
    const { ensureImportsDirectory, importsDirectory, sha256Of } =
      await import('#imports/run/stored_files')
    const { createBatch, queueCommit } = await import('#imports/run/lifecycle')
    const { runImportRunner } = await import('#imports/bench_runner')
    const { default: ImportBatch } = await import('#models/import_batch')
    await ensureImportsDirectory()
    const name = `dataset-${kind}-${period ?? 'master'}-${process.pid}.csv`
    const file = join(importsDirectory(), name)
    await write(file)
    const { size } = await stat(file)
    const batch = await createBatch({
      kind,
      period,
      originalFileName: `${kind}-${period ?? 'master'}.csv`,
      storedFileName: name,
      fileSize: size,
      fileSha256: await sha256Of(file),
      encodingChoice: 'auto',
      staffId: null,
    })
    const runner = this.runner === 'build' ? 'build' : 'dev'
    const validate = await runImportRunner(batch.id, 'validate', { runner })
    const validated = await ImportBatch.findOrFail(batch.id)
    if (validated.status !== 'validated' || !(await queueCommit(validated))) {
      throw new Error(
        `${name}: validation ended ${validated.status} ${validated.failureMessage ?? ''}`
      )
    }
    const commit = await runImportRunner(batch.id, 'commit', { runner })
    const committed = await ImportBatch.findOrFail(batch.id)
    if (committed.status !== 'committed') {
      throw new Error(`${name}: commit ended ${committed.status} ${committed.failureMessage ?? ''}`)
    }
    await rm(file, { force: true })
    return validate.seconds + commit.seconds
  }

  /**
   * Four in five members registered two years ago (one password hash for all: hashing 40,000
   * passwords would only time scrypt), one of them with a confirmed browser; a staff administrator.
   */
  async accounts() {
    const { rememberDevice, newDeviceId } = await import('#domain/auth/member_devices')
    const { dbTimestamp } = await import('#domain/common/db_time')
    const { default: StaffUser } = await import('#models/staff_user')
    const password = randomBytes(18).toString('base64url')
    const registeredAt = dbTimestamp(DateTime.utc().minus({ years: 2 }))
    const now = dbTimestamp()
    const cast = this.db === 'pg' ? '::timestamptz' : ''
    await db.rawQuery(
      `INSERT INTO member_accounts (member_id, registration_state, email, password, registered_at, created_at, updated_at)
       SELECT id, 'registered', 'member' || member_number || '@example.jp', ?, ?${cast}, ?${cast}, ?${cast}
       FROM members WHERE id % 5 <> 0`,
      [await hash.make(password), registeredAt, now, now]
    )
    const account = await db.from('member_accounts').orderBy('id').select('id', 'email').first()
    const deviceId = await rememberDevice(account.id, newDeviceId(), 'dataset benchmark')
    const staffPassword = randomBytes(18).toString('base64url')
    await StaffUser.create({
      loginId: 'bench-admin',
      name: '性能試験 管理者',
      email: null,
      role: 'admin',
      password: await hash.make(staffPassword),
      isActive: true,
      failedLoginCount: 0,
      sessionVersion: 1,
    })
    return {
      member: { email: account.email as string, password, deviceId },
      staff: { loginId: 'bench-admin', password: staffPassword },
    }
  }

  /** Log-ins and staff reads over the last year, about one a half-minute, through the bulk writer. */
  async auditEntries() {
    const { dbTimestamp } = await import('#domain/common/db_time')
    const memberIds = await this.ids('members')
    const accounts = await db.from('member_accounts').select('id', 'member_id')
    const staff = await db.from('staff_users').select('id').first()
    const staffId = staff.id
    const start = DateTime.utc().minus({ years: 1 })
    const step = (365 * 24 * 3600) / this.auditRows
    await this.bulkWrite(
      'audit_logs',
      [
        'actor_type',
        'staff_user_id',
        'member_account_id',
        'member_id',
        'action',
        'outcome',
        'ip',
        'user_agent',
        'details_json',
        'created_at',
      ],
      this.auditRows,
      (i) => {
        const at = dbTimestamp(start.plus({ seconds: Math.floor(i * step) }))
        if (i % 10 === 0) {
          return [
            'staff',
            staffId,
            null,
            memberIds[i % memberIds.length],
            'staff.member.view',
            'success',
            '10.0.0.8',
            'Mozilla/5.0',
            null,
            at,
          ]
        }
        const account = accounts[i % accounts.length]
        const failed = i % 13 === 0
        return [
          'member',
          null,
          account.id,
          account.member_id,
          'member.login',
          failed ? 'failure' : 'success',
          `192.0.2.${i % 250}`,
          'Mozilla/5.0 (iPhone)',
          failed ? '{"reason":"wrong_password"}' : null,
          at,
        ]
      }
    )
  }

  async profileChangesAndRequests() {
    const { dbTimestamp } = await import('#domain/common/db_time')
    const memberIds = await this.ids('members')
    const schools = await this.ids('affiliations')
    const start = DateTime.utc().minus({ years: 1 })
    const fields = ['address', 'phone', 'postal_code', 'email'] as const
    await this.bulkWrite(
      'profile_changes',
      [
        'member_id',
        'field',
        'old_value',
        'new_value',
        'changed_by_type',
        'changed_by_staff_id',
        'created_at',
      ],
      this.profileChanges,
      (i) => [
        memberIds[(i * 7) % memberIds.length],
        fields[i % fields.length],
        `旧 ${i}`,
        `新 ${i}`,
        i % 3 === 0 ? 'import' : 'member',
        null,
        dbTimestamp(start.plus({ minutes: Math.floor((i * 525_600) / this.profileChanges) })),
      ]
    )
    const now = dbTimestamp()
    await this.bulkWrite(
      'affiliation_change_requests',
      [
        'member_id',
        'from_affiliation_id',
        'requested_affiliation_id',
        'requested_affiliation_text',
        'effective_on',
        'reason',
        'status',
        'created_at',
        'updated_at',
      ],
      1_000,
      // One pending request per member at most (a unique index): members 13 apart.
      (i) => [
        memberIds[(i * 13) % memberIds.length],
        schools[i % schools.length],
        schools[(i + 1) % schools.length],
        null,
        '2026-04-01',
        '人事異動',
        i % 4 === 0 ? 'pending' : 'approved',
        now,
        now,
      ]
    )
  }

  async inquiries() {
    const { dbTimestamp } = await import('#domain/common/db_time')
    const memberIds = await this.ids('members')
    const start = DateTime.utc().minus({ years: 1 })
    const count = 3_000
    const at = (i: number) => dbTimestamp(start.plus({ hours: Math.floor((i * 8760) / count) }))
    const statuses = ['open', 'answered', 'closed'] as const
    await this.bulkWrite(
      'inquiries',
      [
        'member_id',
        'category',
        'subject',
        'status',
        'assigned_staff_id',
        'last_message_at',
        'created_at',
        'updated_at',
      ],
      count,
      (i) => [
        memberIds[(i * 11) % memberIds.length],
        'statement',
        `明細について ${i}`,
        statuses[i % 3],
        null,
        at(i),
        at(i),
        at(i),
      ]
    )
    const inquiryIds = await this.ids('inquiries')
    await this.bulkWrite(
      'inquiry_messages',
      ['inquiry_id', 'author_type', 'staff_user_id', 'body', 'created_at'],
      inquiryIds.length,
      (i) => [inquiryIds[i], 'member', null, '10月分の明細の金額を確認したいです。', at(i)]
    )
  }

  async ids(table: string): Promise<number[]> {
    const rows = await db.from(table).select('id').orderBy('id')
    return rows.map((row) => Number(row.id))
  }

  /** `count` generated rows through the import's bulk writer (COPY / prepared inserts). */
  async bulkWrite(
    table: string,
    columns: string[],
    count: number,
    rowOf: (index: number) => (string | number | null)[]
  ) {
    const { withRawConnection, TableWriter } = await import('#imports/write')
    await withRawConnection(db.connection(), async (raw) => {
      const writer = new TableWriter(raw, table, columns)
      for (let start = 0; start < count; start += 10_000) {
        const rows: (string | number | null)[][] = []
        for (let i = start; i < Math.min(count, start + 10_000); i++) rows.push(rowOf(i))
        await writer.write(rows)
      }
      await writer.finish()
    })
  }
}
