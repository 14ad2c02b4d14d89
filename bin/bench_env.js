/*
| Shared by the benchmark launchers (bench_import.js, bench_mail.js): what the app needs to boot
| on a fresh clone, before `npm start` ever wrote a .env (a port and host, unused by benchmarks,
| and an APP_KEY for the throw-away database: nothing encrypted outlives the run), and the
| throw-away database itself, made before the ace command runs and dropped after it.
*/
import { randomBytes } from 'node:crypto'
import { execFileSync, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
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
    const result = spawnSync(process.execPath, ['ace', command, ...args], {
      cwd: root,
      env,
      stdio: 'inherit',
    })
    process.exitCode = result.status ?? 1
  } finally {
    if (dialect === 'pg') execFileSync('dropdb', [...pgArgs, '--if-exists', name])
    else for (const suffix of ['', '-wal', '-shm']) rmSync(sqliteFile + suffix, { force: true })
  }
}
