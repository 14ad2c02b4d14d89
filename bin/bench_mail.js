/*
| `npm run bench:mail -- [--db sqlite|pg] [--members 50000] [--mails 2000]`: creates a
| throw-away database and picks a free port for a local SMTP server, then runs
| `node ace mail:bench` against them (see commands/mail_bench.ts) and drops the database.
| BENCH_PG_PREFIX names the PostgreSQL database (default coop_bench_mail).
*/
import { benchmarkEnv } from './bench_env.js'
import { execFileSync, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const dbIndex = args.indexOf('--db')
const dialect = dbIndex >= 0 ? args[dbIndex + 1] : 'sqlite'
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
const pgArgs = ['-h', process.env.DB_HOST ?? '127.0.0.1', '-U', process.env.DB_USER ?? 'postgres']
let sqliteFile = null
if (dialect === 'pg') {
  execFileSync('createdb', [...pgArgs, name])
  Object.assign(env, { DB_CONNECTION: 'pg', DB_DATABASE: name })
} else {
  sqliteFile = join(root, 'tmp', `${name}.sqlite3`)
  Object.assign(env, { DB_CONNECTION: 'sqlite', SQLITE_FILE: sqliteFile })
}
try {
  const result = spawnSync(process.execPath, ['ace', 'mail:bench', ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  process.exitCode = result.status ?? 1
} finally {
  if (dialect === 'pg') execFileSync('dropdb', [...pgArgs, '--if-exists', name])
  else for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true })
}
