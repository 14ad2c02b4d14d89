import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import pg from 'pg'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/*
 * PostgreSQL returns bigint (amounts, ids) as strings and `date` as a JS Date at
 * local midnight. Amounts fit safely in a JS number, and a calendar date should
 * stay a calendar date: read them as number and 'YYYY-MM-DD' like SQLite does.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10))
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value)

/**
 * The embedded default is a SQLite file under tmp/ (tests use their own file);
 * DB_CONNECTION=pg switches to PostgreSQL with the DB_* variables.
 */
const sqliteFile =
  env.get('SQLITE_FILE') ?? app.tmpPath(app.inTest ? 'test.sqlite3' : 'mypage.sqlite3')
if (env.get('DB_CONNECTION', 'sqlite') === 'sqlite') {
  // better-sqlite3 creates the file but not its folder (tmp/ is not in a fresh clone).
  mkdirSync(dirname(sqliteFile), { recursive: true })
}

const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION', 'sqlite'),
  prettyPrintDebugQueries: true,
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: {
        filename: sqliteFile,
      },
      pool: {
        afterCreate: (connection: any, done: (error: Error | null, connection: any) => void) => {
          // WAL lets member pages read while a long import transaction writes.
          connection.pragma('journal_mode = WAL')
          // In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit still
          // survives the process being killed (it is in the WAL file), and the database cannot
          // be corrupted; only a power cut can undo the last commits. FULL cost an fsync of
          // ~0.6 ms per write, blocking the one event loop (every page touches its session).
          connection.pragma('synchronous = NORMAL')
          connection.pragma('foreign_keys = ON')
          connection.pragma('busy_timeout = 5000')
          done(null, connection)
        },
      },
      useNullAsDefault: true,
      migrations: {
        naturalSort: true,
        paths: ['database/migrations'],
      },
    },
    pg: {
      client: 'pg',
      connection: {
        host: env.get('DB_HOST', '127.0.0.1'),
        port: env.get('DB_PORT', 5432),
        user: env.get('DB_USER', 'postgres'),
        password: env.get('DB_PASSWORD'),
        database: env.get('DB_DATABASE', 'coop_mypage'),
      },
      pool: { min: 0, max: 10 },
      migrations: {
        naturalSort: true,
        paths: ['database/migrations'],
      },
    },
  },
})

export default dbConfig
