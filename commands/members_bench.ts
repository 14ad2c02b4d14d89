import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import db from '@adonisjs/lucid/services/db'
import { schoolCode } from '#imports/bench_files'

const FIRST_NUMBER = 6_000_000
const SCHOOLS = 400
const NEW_SCHOOLS = 20

/**
 * `node ace members:bench --members N` (run through `npm run bench:members`, which gives it a
 * throw-away database): a master of N members already holds the first half of them (changed
 * in the file: new address, phone, school, some withdrawals) and half are new (each gets an
 * initial password), over 400 schools plus 20 new ones named in the file. The file (CP932, as
 * the core system writes it) is validated and committed by the runner child exactly as the
 * staff UI starts it (heap cap and all). Prints the runner's time and peak RSS as one JSON line.
 */
export default class MembersBench extends BaseCommand {
  static commandName = 'members:bench'
  static description = 'Benchmark validating and committing a member master file'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Members in the file (half exist already)', default: 50_000 })
  declare members: number

  @flags.string({ description: 'sqlite or pg (set up by bin/bench_members.js)', default: 'sqlite' })
  declare db: string

  @flags.string({
    description: 'dev (ace with the TypeScript loader) or build (compiled build/)',
    default: 'dev',
  })
  declare runner: string

  async run() {
    const migrator = new MigrationRunner(db, this.app, { direction: 'up', dryRun: false })
    await migrator.run()
    if (migrator.error) throw migrator.error
    const { ensureImportsDirectory, importsDirectory, sha256Of } =
      await import('#imports/run/stored_files')
    const { createBatch, queueCommit } = await import('#imports/run/lifecycle')
    const { runImportRunner, linkBuildToSources } = await import('#imports/bench_runner')
    const { default: ImportBatch } = await import('#models/import_batch')

    const runner = this.runner === 'build' ? 'build' : 'dev'
    if (runner === 'build') await linkBuildToSources()
    const total = this.members
    const existing = Math.floor(total / 2)
    await this.seedMaster(existing)
    await ensureImportsDirectory()
    const name = `bench-members-${process.pid}.csv`
    const file = join(importsDirectory(), name)
    await this.generate(file, total)
    const { size } = await stat(file)
    const created = await createBatch({
      kind: 'members',
      period: null,
      originalFileName: 'bench-members.csv',
      storedFileName: name,
      fileSize: size,
      fileSha256: await sha256Of(file),
      encodingChoice: 'auto',
      staffId: null,
    })
    const validate = await runImportRunner(created.id, 'validate', { runner })
    const validated = await ImportBatch.findOrFail(created.id)
    if (validated.status !== 'validated') {
      throw new Error(`validation ended ${validated.status}: ${validated.failureMessage ?? ''}`)
    }
    await queueCommit(validated)
    const commit = await runImportRunner(created.id, 'commit', { runner })
    const committed = await ImportBatch.findOrFail(created.id)
    if (committed.status !== 'committed') {
      throw new Error(`commit ended ${committed.status}: ${committed.failureMessage ?? ''}`)
    }
    await rm(file, { force: true })

    const count = async (query: any) => {
      const row = await query.count('* as n').first()
      return Number(row.n)
    }
    const inMaster = await count(db.from('members'))
    const passwords = await count(db.from('initial_passwords').whereNull('invalidated_at'))
    if (inMaster !== total || passwords !== total - existing) {
      throw new Error(
        `expected ${total} members and ${total - existing} initial passwords, found ${inMaster} and ${passwords}`
      )
    }
    const round = (value: number) => Math.round(value * 100) / 100
    this.logger.log(
      JSON.stringify({
        members: total,
        created: total - existing,
        updated: existing,
        db: this.db,
        runner,
        file_mb: round(size / 1048576),
        validate_s: round(validate.seconds),
        commit_s: round(commit.seconds),
        total_s: round(validate.seconds + commit.seconds),
        peak_rss_mb: Math.round(Math.max(validate.peakRssMb, commit.peakRssMb)),
        validate_rss_mb: Math.round(validate.peakRssMb),
        commit_rss_mb: Math.round(commit.peakRssMb),
        runner_boot_rss_mb: Math.round(validate.bootRssMb),
      })
    )
  }

  /** The master before the file: the schools and the first half of the members. */
  async seedMaster(count: number) {
    const now = DateTime.utc().toFormat('yyyy-MM-dd HH:mm:ss')
    const schools = Array.from({ length: SCHOOLS }, (_, i) => ({
      code: schoolCode(i),
      name: `福井市立第${i + 1}小学校`,
      is_active: true,
      created_at: now,
      updated_at: now,
    }))
    await db.table('affiliations').multiInsert(schools)
    const ids = await db.from('affiliations').select('id')
    const rows: Record<string, unknown>[] = []
    for (let i = 0; i < count; i++) {
      rows.push({
        member_number: String(FIRST_NUMBER + i),
        name: `旧姓 ${i}`,
        name_kana: 'キュウセイ',
        search_name: 'キュウセイ',
        birth_date: '1980-01-01',
        affiliation_id: ids[i % ids.length].id,
        category: 'active',
        joined_on: '2005-04-01',
        created_at: now,
        updated_at: now,
      })
      if (rows.length === 400) await db.table('members').multiInsert(rows.splice(0))
    }
    if (rows.length) await db.table('members').multiInsert(rows)
  }

  async generate(file: string, count: number) {
    const { writeCp932File, memberMasterLine, MEMBER_MASTER_HEADER } =
      await import('#imports/bench_files')
    await writeCp932File(file, MEMBER_MASTER_HEADER, count, (i) => {
      const school = i % 25 === 0 ? SCHOOLS + (i % NEW_SCHOOLS) : i % SCHOOLS
      const schoolName = school >= SCHOOLS ? `福井県立新設${school}高等学校` : ''
      return memberMasterLine(FIRST_NUMBER, i, school, schoolName)
    })
  }
}
