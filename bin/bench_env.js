/*
| What a benchmark needs to boot the app on a fresh clone, before `npm start` ever wrote a .env:
| a port and host (unused: benchmarks start no server of the app, or pick their own), and an
| APP_KEY for the throw-away database they create (nothing they encrypt outlives the run).
*/
import { randomBytes } from 'node:crypto'

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
