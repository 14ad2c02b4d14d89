/*
| `npm start`: the quick start on a fresh clone. Creates what is missing (.env
| with a generated APP_KEY and no fixed APP_URL, so links follow PORT; tmp/ for
| the SQLite file and the mailbox), migrates and loads demo data into an empty
| database, then serves the portal (PORT, default 3333). Plain JavaScript so it runs before anything is compiled.
*/
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { quickStartEnv } from './quick_start_env.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const envFile = join(root, '.env')

if (!existsSync(envFile)) {
  copyFileSync(join(root, '.env.example'), envFile)
  console.log('Created .env from .env.example')
}
const prepared = quickStartEnv(readFileSync(envFile, 'utf8'), () =>
  randomBytes(32).toString('base64url')
)
if (prepared.changes.length > 0) {
  writeFileSync(envFile, prepared.text)
  for (const change of prepared.changes) console.log(change)
}
// Cookie sessions are gone (log-out could not end them): a .env made by an
// earlier version moves to the database store the quick start uses now.
const current = readFileSync(envFile, 'utf8')
if (/^SESSION_DRIVER=cookie\s*$/m.test(current)) {
  writeFileSync(envFile, current.replace(/^SESSION_DRIVER=cookie\s*$/m, 'SESSION_DRIVER=database'))
  console.log('.env: SESSION_DRIVER=cookie replaced by SESSION_DRIVER=database')
}
mkdirSync(join(root, 'tmp'), { recursive: true })

const migrated = spawnSync(process.execPath, ['ace', 'app:prepare'], {
  cwd: root,
  stdio: 'inherit',
})
if (migrated.status !== 0) {
  console.error('Could not prepare the database (see above).')
  process.exit(migrated.status ?? 1)
}

const server = spawn(
  process.execPath,
  ['--import', 'ts-node-maintained/register/esm', 'bin/server.ts'],
  { cwd: root, stdio: 'inherit' }
)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal))
}
server.on('exit', (code) => process.exit(code ?? 0))
