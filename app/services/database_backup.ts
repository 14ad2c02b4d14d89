import { spawn } from 'node:child_process'
import { copyFile, mkdir, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import env from '#start/env'
import dbConfig from '#config/database'

/**
 * Backups of the portal's database, and their restore (README "Operations: backups").
 *
 * - SQLite (the quick start): SQLite's online backup API (better-sqlite3 `backup`), which
 *   copies a consistent snapshot page by page while the portal keeps running and writing.
 * - PostgreSQL: `pg_dump --format=custom`, itself a consistent snapshot of a running
 *   database; restored with `pg_restore --clean --if-exists --single-transaction`.
 *
 * Initial passwords, TOTP secrets and queued mails are encrypted with APP_KEY: a restore
 * needs the APP_KEY the data was written with, which is never part of the backup.
 */

export type Engine = 'sqlite' | 'pg'

export function currentEngine(): Engine {
  return env.get('DB_CONNECTION', 'sqlite') === 'pg' ? 'pg' : 'sqlite'
}

export function sqliteFile(): string {
  const connection = dbConfig.connections.sqlite.connection as { filename: string }
  return resolve(connection.filename)
}

export function defaultBackupPath(engine: Engine, now = DateTime.now()): string {
  const stamp = now.toFormat('yyyyLLdd-HHmmss')
  return app.tmpPath('backups', `mypage-${stamp}.${engine === 'sqlite' ? 'sqlite3' : 'dump'}`)
}

function pgEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PGHOST: env.get('DB_HOST', '127.0.0.1'),
    PGPORT: String(env.get('DB_PORT', 5432)),
    PGUSER: env.get('DB_USER', 'postgres'),
    PGPASSWORD: env.get('DB_PASSWORD', ''),
    PGDATABASE: env.get('DB_DATABASE', 'coop_mypage'),
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, {
      env: pgEnvironment(),
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    let errors = ''
    child.stderr.on('data', (chunk) => (errors += chunk))
    child.on('error', fail)
    child.on('exit', (code) =>
      code === 0 ? done() : fail(new Error(`${command} exited ${code}: ${errors.trim()}`))
    )
  })
}

/** Writes a consistent backup of the running portal's database; resolves to its path and size. */
export async function backupDatabase(target?: string) {
  const engine = currentEngine()
  const path = resolve(target ?? defaultBackupPath(engine))
  await mkdir(dirname(path), { recursive: true })
  // Written under another name, then renamed: a half-written backup never looks like one.
  const partial = `${path}.partial`
  if (engine === 'sqlite') {
    const source = new Database(sqliteFile(), { readonly: true, fileMustExist: true })
    try {
      await source.backup(partial)
    } finally {
      source.close()
    }
  } else {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${partial}`])
  }
  await rename(partial, path)
  const written = await stat(path)
  return { engine, path, bytes: written.size }
}

/**
 * Replaces the database by a backup. Run with the portal stopped (every instance): on SQLite
 * the file is swapped under it; on PostgreSQL the restore drops and recreates every table.
 */
export async function restoreDatabase(source: string) {
  const engine = currentEngine()
  const path = resolve(source)
  await stat(path)
  if (engine === 'sqlite') {
    // The backup must open as a database before it replaces anything.
    const check = new Database(path, { readonly: true, fileMustExist: true })
    try {
      const result = check.pragma('integrity_check', { simple: true })
      if (result !== 'ok') throw new Error(`the backup is damaged: ${String(result)}`)
    } finally {
      check.close()
    }
    const target = sqliteFile()
    await mkdir(dirname(target), { recursive: true })
    const incoming = join(dirname(target), `.restoring-${process.pid}.sqlite3`)
    await copyFile(path, incoming)
    // A write-ahead log left by the replaced database would be replayed onto the restored one.
    await rm(`${target}-wal`, { force: true })
    await rm(`${target}-shm`, { force: true })
    await rename(incoming, target)
  } else {
    await run('pg_restore', [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      `--dbname=${pgEnvironment().PGDATABASE}`,
      path,
    ])
  }
  return { engine, path }
}
