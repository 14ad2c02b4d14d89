/*
| `npm run bench:mail -- [--db sqlite|pg] [--members 50000] [--mails 2000]`: creates a
| throw-away database and picks a free port for a local SMTP server, then runs
| `node ace mail:bench` against them (see commands/mail_bench.ts) and drops the database.
| BENCH_PG_PREFIX names the PostgreSQL database (default coop_bench_mail).
*/
import { benchmarkEnv, runOnThrowAwayDatabase } from './bench_env.js'
import { createServer } from 'node:net'

const args = process.argv.slice(2)
const name = `${process.env.BENCH_PG_PREFIX || 'coop_bench_mail'}_${process.pid}`

const smtpPort = await new Promise((resolve, reject) => {
  const probe = createServer()
  probe.once('error', reject)
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address()
    probe.close(() => resolve(port))
  })
})

const env = benchmarkEnv({
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtpPort),
  // The bulk budget must not be what is measured.
  MAIL_RATE_PER_MINUTE: process.env.MAIL_RATE_PER_MINUTE ?? '1000000',
  MAIL_SENDER: 'off',
})
runOnThrowAwayDatabase('mail:bench', args, name, env)
