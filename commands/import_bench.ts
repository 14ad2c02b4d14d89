import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { randomBytes } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import type { RunnerReport } from '#imports/bench_runner'
import type { BenchMemberLogin } from '#services/bench_http'

/**
 * `node ace import:bench --rows N` (run through `npm run bench:import`, which gives it a
 * throw-away database): a CP932 statement file of N rows over 50,000 generated members
 * (`--members`; the same number whatever N), the
 * real validate + commit path in a child runner (as the staff UI runs it) while a real HTTP
 * server (another process on the same database: the compiled one with `--runner build`) serves
 * a logged-in member's statement page, requested again and again during the import; then,
 * under the same conditions (server running, page requested, a child process with the
 * runner's node flags), an independent baseline (bin/bench_baseline.js) that only decodes,
 * parses and writes the same rows through ONE streaming COPY / one prepared INSERT. Prints
 * one JSON line.
 */
export default class ImportBench extends BaseCommand {
  static commandName = 'import:bench'
  static description = 'Benchmark the statements import against a no-checks baseline'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Rows in the generated file', default: 200_000 })
  declare rows: number

  @flags.number({
    description:
      'Members the rows are spread over, whatever the number of rows (the co-op has 50,000)',
    default: 50_000,
  })
  declare members: number

  @flags.string({ description: 'sqlite or pg (set up by bin/bench_import.js)', default: 'sqlite' })
  declare db: string

  @flags.string({
    description:
      'dev (ace with the TypeScript loader) or build (compiled build/, as in production)',
    default: 'dev',
  })
  declare runner: string

  async run() {
    const migrator = new MigrationRunner(db, this.app, { direction: 'up', dryRun: false })
    await migrator.run()
    if (migrator.error) throw migrator.error

    const { runImportRunner, runTimedChild, linkBuildToSources } =
      await import('#imports/bench_runner')
    const client = db.connection()
    const runner = this.runner === 'build' ? 'build' : 'dev'
    if (runner === 'build') await linkBuildToSources()
    const rows = this.rows
    // A fixed number of members (at most one per row): the co-op's 50,000 whatever the file's
    // size, so what grows with the rows is the rows' own cost, not per-member data (200,000
    // rows are 4 lines per member, 3,000,000 are 60; one billing month per file).
    const memberCount = Math.max(1, Math.min(this.members, rows))
    const now = DateTime.utc().toFormat('yyyy-MM-dd HH:mm:ss')
    const members: Record<string, unknown>[] = []
    for (let i = 0; i < memberCount; i++) {
      members.push({
        member_number: String(5_000_000 + i),
        name: `組合員 ${i}`,
        name_kana: 'クミアイイン',
        search_name: 'クミアイイン',
        birth_date: '1980-01-01',
        category: 'active',
        joined_on: '2020-04-01',
        created_at: now,
        updated_at: now,
      })
    }
    for (let start = 0; start < members.length; start += 400) {
      await db.table('members').multiInsert(members.slice(start, start + 400))
    }
    const firstMember = await db.from('members').orderBy('id').first()

    const { ensureImportsDirectory, importsDirectory, sha256Of } =
      await import('#imports/run/stored_files')
    const { createBatch, queueCommit } = await import('#imports/run/lifecycle')
    await ensureImportsDirectory()
    const member = await this.prepareMemberPage(firstMember.id)
    const file = join(importsDirectory(), `bench-${process.pid}.csv`)
    await this.generate(file, rows, memberCount)
    const { size } = await stat(file)
    const batch = await createBatch({
      kind: 'statements',
      period: '2026-10',
      originalFileName: 'bench.csv',
      storedFileName: `bench-${process.pid}.csv`,
      fileSize: size,
      fileSha256: await sha256Of(file),
      encodingChoice: 'auto',
      staffId: null,
    })

    const latencies: number[] = []
    const baselineLatencies: number[] = []
    await this.createBaselineTable()
    const { startBenchServer, logInBenchMember } = await import('#services/bench_http')
    const server = await startBenchServer(runner)
    let validate: RunnerReport
    let commit: RunnerReport
    let baseline: BaselineReport
    try {
      const browser = await logInBenchMember(server.base, member)
      const { routeUrl } = await import('#services/named_routes')
      const page = routeUrl('member.statements.show', { month: member.month })
      const probe = async () => {
        const started = performance.now()
        const response = await browser.request(page)
        await response.arrayBuffer()
        if (response.status !== 200) {
          throw new Error(`GET ${page} answered ${response.status} during the import`)
        }
        return performance.now() - started
      }
      // Warm-up (first renders, connection pools), not counted.
      for (let i = 0; i < 10; i++) await probe()
      const whileRunning = async () => {
        latencies.push(await probe())
      }
      validate = await runImportRunner(batch.id, 'validate', { runner, whileRunning })
      await batch.refresh()
      if (batch.status !== 'validated') throw new Error(`validation ended ${batch.status}`)
      await queueCommit(batch)
      commit = await runImportRunner(batch.id, 'commit', { runner, whileRunning })
      await batch.refresh()
      if ((batch.status as string) !== 'committed') throw new Error(`commit ended ${batch.status}`)
      // The baseline under the same conditions: its own child process (same node flags) while
      // the same server serves the same page again and again.
      if (client.dialect.name !== 'postgres') {
        // Start from a checkpointed WAL, as the import did (best effort: the server reads).
        await client.rawQuery('PRAGMA wal_checkpoint(TRUNCATE)')
      }
      baseline = await runTimedChild<BaselineReport>(
        ['bin/bench_baseline.js', file],
        {},
        async () => {
          baselineLatencies.push(await probe())
        }
      )
      if (baseline.rows !== rows) throw new Error(`the baseline wrote ${baseline.rows} rows`)
    } finally {
      await server.stop()
    }
    await rm(file, { force: true })

    const p99Of = (values: number[]) => {
      values.sort((a, b) => a - b)
      return values.length ? values[Math.floor(values.length * 0.99)] : null
    }
    const p99 = p99Of(latencies)
    const baselineP99 = p99Of(baselineLatencies)
    const total = validate.seconds + commit.seconds
    const round = (value: number) => Math.round(value * 100) / 100
    this.logger.log(
      JSON.stringify({
        rows,
        db: this.db,
        // The rows are spread over this many members, whatever their number (--members).
        members: memberCount,
        validate_s: round(validate.seconds),
        commit_s: round(commit.seconds),
        total_s: round(total),
        baseline_s: round(baseline.seconds),
        ratio: round(total / baseline.seconds),
        runner: this.runner,
        peak_rss_mb: Math.round(Math.max(validate.peakRssMb, commit.peakRssMb)),
        // What the runner process held before the import started (the booted app; in
        // development that includes the TypeScript loader), for reading peak_rss_mb.
        runner_boot_rss_mb: Math.round(validate.bootRssMb),
        // GET /mypage/statements/<month> over HTTP, as a logged-in member, during the import.
        p99_member_page_ms: p99 === null ? null : round(p99),
        member_page_requests: latencies.length,
        // Both the import and the baseline ran as child processes with the runner's node
        // flags while the web server served the member page again and again.
        conditions: 'server_running_member_page_requested',
        baseline_peak_rss_mb: Math.round(baseline.peakRssMb),
        baseline_p99_member_page_ms: baselineP99 === null ? null : round(baselineP99),
        baseline_member_page_requests: baselineLatencies.length,
      })
    )
  }

  async generate(file: string, rows: number, memberCount: number, month = '2026/10') {
    const { writeCp932File, STATEMENT_HEADER } = await import('#imports/bench_files')
    const items = [
      ['食品', '牛乳 1000ml', 238, 8],
      ['食品', '国産豚こま切れ 300g', 598, 8],
      ['日用品', 'ティッシュペーパー 5箱', 398, 10],
      ['衣料', '靴下 3足組', 980, 10],
      ['保険', '共済掛金', 1200, 0],
    ] as const
    await writeCp932File(file, STATEMENT_HEADER, rows, (i) => {
      const [category, item, price, tax] = items[i % items.length]
      const quantity = (i % 3) + 1
      const member = 5_000_000 + (i % memberCount)
      const day = String((i % 28) + 1).padStart(2, '0')
      return `${month},${member},${month}/${day},${category},"${item} #${i}",${quantity},"${price.toLocaleString('en-US')}","${(price * quantity).toLocaleString('en-US')}",${tax}`
    })
  }

  /**
   * The member whose page is read during the import: a registered account, a browser already
   * confirmed for it (so the password log-in asks for no mailed code) and a September
   * statement committed through the real import (100 members x 20 lines).
   */
  async prepareMemberPage(memberId: number): Promise<BenchMember> {
    const { default: MemberAccount } = await import('#models/member_account')
    const { rememberDevice, newDeviceId } = await import('#domain/auth/member_devices')
    const { importsDirectory, sha256Of } = await import('#imports/run/stored_files')
    const { createBatch } = await import('#imports/run/lifecycle')
    const { runImport } = await import('#imports/run/spawn')
    const password = randomBytes(18).toString('base64url')
    const account = await MemberAccount.create({
      memberId,
      registrationState: 'registered',
      email: 'bench-member@example.jp',
      password: await hash.make(password),
      registeredAt: DateTime.utc().minus({ years: 2 }).startOf('second'),
    })
    const deviceId = await rememberDevice(account.id, newDeviceId(), 'import benchmark')

    const name = `bench-${process.pid}-previous.csv`
    const file = join(importsDirectory(), name)
    await this.generate(file, 2_000, 100, '2026/09')
    const { size } = await stat(file)
    const batch = await createBatch({
      kind: 'statements',
      period: '2026-09',
      originalFileName: 'bench-previous.csv',
      storedFileName: name,
      fileSize: size,
      fileSha256: await sha256Of(file),
      encodingChoice: 'auto',
      staffId: null,
    })
    await runImport(batch.id, 'validate')
    await runImport(batch.id, 'commit')
    await rm(file, { force: true })
    return { email: account.email!, password, deviceId, month: '2026-09' }
  }

  /** The baseline's table: statement_lines' columns and index (bin/bench_baseline.js). */
  async createBaselineTable() {
    await db.connection().schema.createTable('bench_baseline_lines', (table) => {
      table.bigIncrements('id')
      table.bigInteger('statement_id').notNullable()
      table.integer('line_number').notNullable()
      table.date('line_date').notNullable()
      table.string('category', 50).notNullable()
      table.string('item_name', 200).notNullable()
      table.integer('quantity').notNullable()
      table.bigInteger('unit_price').notNullable()
      table.bigInteger('amount').notNullable()
      table.smallint('tax_rate').notNullable()
      table.integer('source_line').nullable()
      table.index(['statement_id', 'line_number'])
    })
  }
}

interface BaselineReport {
  seconds: number
  peakRssMb: number
  rows: number
}

interface BenchMember extends BenchMemberLogin {
  month: string
}
