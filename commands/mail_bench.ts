import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { DateTime } from 'luxon'
import { MigrationRunner } from '@adonisjs/lucid/migration'
import db from '@adonisjs/lucid/services/db'

/**
 * `node ace mail:bench` (run through `npm run bench:mail`, which gives it a throw-away
 * database and a free port for a local SMTP server):
 * 1. `--members` registered members (50,000) with a statement each in a batch of 2026-10;
 *    time to publish that month through the exact function the commit calls
 *    (statementsPipeline.publish, which queues the notifications with one INSERT ... SELECT),
 *    in one transaction, as commitBatch runs it;
 * 2. the sender's throughput (startMailSender, the loop every web instance runs) into a local
 *    smtp-server for the first `--mails` of them (the rest are cancelled), with
 *    MAIL_RATE_PER_MINUTE set high by the wrapper so the budget does not limit it.
 * Prints a small table and one JSON line.
 */
export default class MailBench extends BaseCommand {
  static commandName = 'mail:bench'
  static description = 'Benchmark queuing statement notifications and sending them over SMTP'
  static options: CommandOptions = { startApp: true }

  @flags.number({ description: 'Registered members with a statement', default: 50_000 })
  declare members: number

  @flags.number({ description: 'Mails sent into the local SMTP server', default: 2_000 })
  declare mails: number

  @flags.string({ description: 'sqlite or pg (set up by bin/bench_mail.js)', default: 'sqlite' })
  declare db: string

  async run() {
    const migrator = new MigrationRunner(db, this.app, { direction: 'up', dryRun: false })
    await migrator.run()
    if (migrator.error) throw migrator.error
    const smtpPort = Number(process.env.SMTP_PORT)
    if (!process.env.SMTP_HOST || !smtpPort) {
      throw new Error('SMTP_HOST / SMTP_PORT are not set: run it with npm run bench:mail')
    }

    const batchId = await this.seedMembers()
    const month = '2026-10'

    const { transaction } = await import('#services/transaction')
    const { statementsPipeline } = await import('#imports/kinds/statements_pipeline')
    const { default: ImportBatch } = await import('#models/import_batch')
    const batch = await ImportBatch.findOrFail(batchId)
    const queueStarted = performance.now()
    await transaction((trx) => statementsPipeline.publish(batch, trx))
    const queueSeconds = (performance.now() - queueStarted) / 1000
    const queued = await this.count(`statements:${month}:${batchId}`)
    if (queued !== this.members) throw new Error(`queued ${queued} of ${this.members} mails`)

    // Only the first --mails go to the SMTP server; the others are cancelled (as a rollback does).
    const cutoff = await db
      .from('mail_outbox')
      .where('status', 'queued')
      .orderBy('id')
      .offset(this.mails - 1)
      .select('id')
      .first()
    await db
      .from('mail_outbox')
      .where('status', 'queued')
      .where('id', '>', cutoff.id)
      .update({ status: 'cancelled', payload: null })

    const smtp = await this.startSmtp(smtpPort)
    const { startMailSender } = await import('#domain/mail/mail_sender')
    const sendStarted = performance.now()
    const sender = startMailSender({ pollIntervalMs: 50 })
    const deadline = Date.now() + 30 * 60_000
    while (smtp.received() < this.mails && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    const sendSeconds = (performance.now() - sendStarted) / 1000
    await sender.stop()
    await smtp.close()
    const sent = await db.from('mail_outbox').where('status', 'sent').count('* as n').first()

    const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits
    const result = {
      db: this.db,
      members: this.members,
      queue_s: round(queueSeconds, 3),
      queued_per_s: Math.round(queued / queueSeconds),
      mails: this.mails,
      smtp_received: smtp.received(),
      outbox_sent: Number(sent.n),
      send_s: round(sendSeconds),
      mails_per_s: round(smtp.received() / sendSeconds, 1),
      concurrency: Number(process.env.MAIL_SEND_CONCURRENCY ?? 4),
    }
    this.logger.log(
      [
        '| step | figure |',
        '| --- | --- |',
        `| database | ${result.db} |`,
        `| queue ${queued} notifications (publish: one INSERT ... SELECT) | ${result.queue_s} s (${result.queued_per_s} rows/s) |`,
        `| send ${result.smtp_received} mails into local SMTP (concurrency ${result.concurrency}) | ${result.send_s} s (${result.mails_per_s} mails/s) |`,
      ].join('\n')
    )
    this.logger.log(JSON.stringify(result))
    if (result.smtp_received !== this.mails || result.outbox_sent !== this.mails) {
      this.exitCode = 1
    }
  }

  async count(cause: string) {
    const row = await db.from('mail_outbox').where('cause', cause).count('* as n').first()
    return Number(row.n)
  }

  /** Members, registered accounts and one staged statement each, in a few set-based statements. */
  async seedMembers(): Promise<number> {
    const now = DateTime.utc()
    const at = now.toFormat(db.connection().dialect.dateTimeFormat)
    const members: Record<string, unknown>[] = []
    for (let i = 0; i < this.members; i++) {
      members.push({
        member_number: String(6_000_000 + i),
        name: `組合員 ${i}`,
        name_kana: 'クミアイイン',
        search_name: 'クミアイイン',
        birth_date: '1980-01-01',
        category: 'active',
        joined_on: '2020-04-01',
        created_at: at,
        updated_at: at,
      })
    }
    for (let start = 0; start < members.length; start += 400) {
      await db.table('members').multiInsert(members.slice(start, start + 400))
    }
    const pg = db.connection().dialect.name === 'postgres'
    const ts = pg ? 'CAST(? AS timestamptz)' : '?'
    const registeredAt = now.minus({ years: 2 }).toFormat(db.connection().dialect.dateTimeFormat)
    await db.rawQuery(
      `INSERT INTO member_accounts (member_id, registration_state, email, registered_at,
         failed_login_count, session_version, notify_statements, notify_notices, created_at,
         updated_at)
       SELECT id, 'registered', 'member' || id || '@bench.example.jp', ${ts}, 0, 1, TRUE, TRUE,
         ${ts}, ${ts}
       FROM members`,
      [registeredAt, at, at]
    )
    const [inserted] = await db
      .table('import_batches')
      .insert({
        kind: 'statements',
        period: '2026-10',
        status: 'committing',
        original_file_name: 'bench.csv',
        encoding: 'utf-8',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
    const batchId = Number(typeof inserted === 'object' ? inserted.id : inserted)
    await db.rawQuery(
      `INSERT INTO statements (import_batch_id, member_id, billing_month, total_amount, line_count)
       SELECT ?, id, '2026-10', 1200, 1 FROM members`,
      [batchId]
    )
    return batchId
  }

  async startSmtp(port: number) {
    const { SMTPServer } = await import('smtp-server')
    let received = 0
    const server = new SMTPServer({
      authOptional: true,
      // No reverse DNS of the client per connection: the local server must not be what is measured.
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        stream.on('data', () => {})
        stream.on('end', () => {
          received++
          callback()
        })
      },
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    return {
      received: () => received,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    }
  }
}
