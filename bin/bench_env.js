/*
| Shared by the benchmark launchers (bench_import.js, bench_mail.js): what the app needs to boot
| on a fresh clone, before `npm start` ever wrote a .env (a port and host, unused by benchmarks,
| and an APP_KEY for the throw-away database: nothing encrypted outlives the run), and the
| throw-away database itself, made before the ace command runs and dropped after it.
*/
import { randomBytes } from 'node:crypto'
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export function benchmarkEnv(extra = {}) {
  return {
    PORT: '3333',
    HOST: '127.0.0.1',
    APP_KEY: randomBytes(32).toString('base64url'),
    ...process.env,
    NODE_ENV: 'development',
    LOCK_STORE: 'database',
    LOG_LEVEL: 'warn',
    ...extra,
  }
}

/**
 * Runs `node ace <command> ...args` on a throw-away database (`--db sqlite|pg` in args, SQLite
 * by default) named `name`, then drops it; sets the process exit code to the command's.
 */
export function runOnThrowAwayDatabase(command, args, name, env) {
  const dbIndex = args.indexOf('--db')
  const dialect = dbIndex >= 0 ? args[dbIndex + 1] : 'sqlite'
  const pgArgs = ['-h', process.env.DB_HOST ?? '127.0.0.1', '-U', process.env.DB_USER ?? 'postgres']
  const sqliteFile = join(root, 'tmp', `${name}.sqlite3`)
  if (dialect === 'pg') {
    execFileSync('createdb', [...pgArgs, name])
    Object.assign(env, { DB_CONNECTION: 'pg', DB_DATABASE: name })
  } else {
    Object.assign(env, { DB_CONNECTION: 'sqlite', SQLITE_FILE: sqliteFile })
  }
  try {
    runAce(command, args, env)
  } finally {
    if (dialect === 'pg') execFileSync('dropdb', [...pgArgs, '--if-exists', name])
    else for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true })
  }
}

/**
 * The 50,000-member dataset of `npm run bench:dataset`, kept between runs so `npm run bench:reads`
 * can load it again and again: its database (tmp/bench-dataset.sqlite3, or the PostgreSQL
 * database BENCH_PG_PREFIX + `_dataset`, default coop_bench_dataset) and the APP_KEY it was built
 * with (its initial passwords and cookies are encrypted with it), kept in tmp/bench-dataset-DB.json.
 * `fresh` drops and re-creates the database and the key.
 */
export function datasetEnv(args, { fresh }) {
  const dbIndex = args.indexOf('--db')
  const dialect = dbIndex >= 0 ? args[dbIndex + 1] : 'sqlite'
  if (dialect !== 'sqlite' && dialect !== 'pg') throw new Error('--db is sqlite or pg')
  const name = `${process.env.BENCH_PG_PREFIX || 'coop_bench'}_dataset`
  const sqliteFile = join(root, 'tmp', 'bench-dataset.sqlite3')
  const keyFile = join(root, 'tmp', `bench-dataset-${dialect}.json`)
  const pgArgs = ['-h', process.env.DB_HOST ?? '127.0.0.1', '-U', process.env.DB_USER ?? 'postgres']
  if (fresh) {
    mkdirSync(join(root, 'tmp'), { recursive: true })
    if (dialect === 'pg') {
      execFileSync('dropdb', [...pgArgs, '--if-exists', name])
      execFileSync('createdb', [...pgArgs, name])
    } else {
      for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true })
    }
    writeFileSync(keyFile, JSON.stringify({ APP_KEY: randomBytes(32).toString('base64url') }))
  } else if (!existsSync(keyFile)) {
    throw new Error(
      `No dataset for ${dialect}: run \`npm run bench:dataset -- --db ${dialect}\` first`
    )
  }
  const { APP_KEY } = JSON.parse(readFileSync(keyFile, 'utf8'))
  const database =
    dialect === 'pg'
      ? { DB_CONNECTION: 'pg', DB_DATABASE: name }
      : { DB_CONNECTION: 'sqlite', SQLITE_FILE: sqliteFile }
  return benchmarkEnv({ APP_KEY, ...database })
}

/** `node ace <command> ...args` with `env`; sets the process exit code to the command's. */
export function runAce(command, args, env) {
  const result = spawnSync(process.execPath, ['ace', command, ...args], {
    cwd: root,
    env,
    stdio: 'inherit',
  })
  process.exitCode = result.status ?? 1
}
