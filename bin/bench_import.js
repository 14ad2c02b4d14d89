/*
| `npm run bench:import -- --rows N --db sqlite|pg`: creates a throw-away database, then runs
| `node ace import:bench` against it (see commands/import_bench.ts) and drops it afterwards.
*/
import { benchmarkEnv } from './bench_env.js'
import { execFileSync, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const dbIndex = args.indexOf('--db')
const dialect = dbIndex >= 0 ? args[dbIndex + 1] : 'sqlite'
const name = `coop_bench_${process.pid}`
const env = benchmarkEnv()
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
  const result = spawnSync(process.execPath, ['ace', 'import:bench', ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  process.exitCode = result.status ?? 1
} finally {
  if (dialect === 'pg') execFileSync('dropdb', [...pgArgs, '--if-exists', name])
  else for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true })
}
