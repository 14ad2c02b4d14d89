/*
| The product as deployed, for the `server` suite: the application in its own
| process (what `npm start` runs), on its own fresh database, with no wrapping
| transaction, real cookies and sessions, and the quick-start mailbox in a
| folder of its own. The database follows the test run's: SQLite by default, a
| new PostgreSQL database (with Redis sessions, limits and locks under a key
| prefix of its own) when the run has DB_CONNECTION=pg.
|
| Each server starts from a copy of a template database, migrated and loaded
| with the demo data once per run (README "Demo log-ins"), so a fresh database
| costs a file copy or a CREATE DATABASE … TEMPLATE, not a seed.
*/
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import pg from 'pg'
import type { StoredMail } from '#services/mailbox'
import { route } from '#tests/helpers/routes'

const APP_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BOOT_TIMEOUT_MS = 90_000

type Engine = 'sqlite' | 'pg'

export const engine: Engine = process.env.DB_CONNECTION === 'pg' ? 'pg' : 'sqlite'

function pgSettings() {
  return {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER ?? 'postgres',
    password: process.env.DB_PASSWORD || undefined,
  }
}

async function pgAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...pgSettings(), database: 'postgres' })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** One folder for the whole run: template database, server databases, mailboxes. */
const runFolder = mkdtempSync(join(tmpdir(), 'coop-server-suite-'))
const runId = `${process.pid}_${randomBytes(3).toString('hex')}`
/**
 * The demo data encrypts with the app key (initial passwords the phone desk reads, the
 * registration check decrypts): every database copied from the template must be served with
 * the key the template was prepared with, or 1000002's K7P2M9QX is unreadable.
 */
const runAppKey = randomBytes(32).toString('base64url')
let serverCount = 0
/**
 * Name prefix of the PostgreSQL databases the suite creates (`<prefix>_tpl_<run>`,
 * `<prefix>_<run>_serverN`); SERVER_PG_PREFIX keeps runs that share a cluster apart.
 */
const pgPrefix = process.env.SERVER_PG_PREFIX || 'coop_srv'
const createdPgDatabases: string[] = []
const liveServers = new Set<AppProcess>()
const liveWorkers = new Set<AppProcess>()

interface DatabaseEnv {
  env: Record<string, string>
  /** SQLite file, or PostgreSQL database name */
  location: string
}

function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'npm_config_nodedir']
  const env: Record<string, string> = {}
  for (const name of keep) if (process.env[name]) env[name] = process.env[name]!
  return {
    ...env,
    TZ: 'UTC',
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    // Several servers run at once: no Vite HMR socket (a fixed port) in any of them.
    VITE_HMR: 'off',
    MAIL_FROM_ADDRESS: 'noreply@kmypage.jp',
    MAIL_FROM_NAME: '学校生協 マイページ',
  }
}

function databaseEnv(location: string): Record<string, string> {
  if (engine === 'sqlite') {
    return {
      DB_CONNECTION: 'sqlite',
      SQLITE_FILE: location,
      SESSION_DRIVER: process.env.SERVER_SESSION_DRIVER ?? 'database',
      LIMITER_STORE: 'database',
      LOCK_STORE: 'database',
    }
  }
  const settings = pgSettings()
  return {
    DB_CONNECTION: 'pg',
    DB_HOST: settings.host,
    DB_PORT: String(settings.port),
    DB_USER: settings.user,
    ...(settings.password ? { DB_PASSWORD: settings.password } : {}),
    DB_DATABASE: location,
    SESSION_DRIVER: 'redis',
    LIMITER_STORE: 'redis',
    LOCK_STORE: 'redis',
    REDIS_HOST: process.env.REDIS_HOST ?? '127.0.0.1',
    REDIS_PORT: process.env.REDIS_PORT ?? '6379',
    ...(process.env.REDIS_DB ? { REDIS_DB: process.env.REDIS_DB } : {}),
  }
}

/** Runs an ace command of the application as its own process; rejects with its output. */
export async function runAce(args: string[], env: Record<string, string>, timeoutMs = 120_000) {
  const child = spawn(process.execPath, ['ace', ...args], { cwd: APP_ROOT, env })
  let output = ''
  child.stdout.on('data', (chunk) => (output += chunk))
  child.stderr.on('data', (chunk) => (output += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  clearTimeout(timer)
  if (code !== 0) throw new Error(`node ace ${args.join(' ')} exited ${code}:\n${output}`)
  return output
}

let template: Promise<DatabaseEnv> | undefined

/** Migrated, demo-loaded database that every server's database is copied from (once per run). */
function templateDatabase(): Promise<DatabaseEnv> {
  template ??= (async () => {
    const location =
      engine === 'sqlite' ? join(runFolder, 'template.sqlite3') : `${pgPrefix}_tpl_${runId}`
    if (engine === 'pg') {
      await pgAdmin((client) => client.query(`CREATE DATABASE "${location}"`))
      createdPgDatabases.push(location)
    }
    const env = {
      ...baseEnv(),
      ...databaseEnv(location),
      PORT: '0',
      APP_KEY: runAppKey,
      REDIS_KEY_PREFIX: `coop-srv-${runId}-tpl:`,
      MAILBOX_DIR: join(runFolder, 'template-mailbox'),
    }
    await runAce(['app:prepare'], env)
    return { env: databaseEnv(location), location }
  })()
  return template
}

async function freshDatabase(): Promise<DatabaseEnv> {
  const source = await templateDatabase()
  const name = `server${++serverCount}`
  if (engine === 'sqlite') {
    const file = join(runFolder, `${name}.sqlite3`)
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(source.location + suffix))
        copyFileSync(source.location + suffix, file + suffix)
    }
    return { env: databaseEnv(file), location: file }
  }
  const database = `${pgPrefix}_${runId}_${name}`
  await pgAdmin((client) =>
    client.query(`CREATE DATABASE "${database}" TEMPLATE "${source.location}"`)
  )
  createdPgDatabases.push(database)
  return { env: databaseEnv(database), location: database }
}

export interface StartOptions {
  /** Extra or overriding environment variables for the server process. */
  env?: Record<string, string>
  /**
   * Another instance of the same installation (same database, APP_KEY, Redis prefix,
   * mailbox): two app processes behind one load balancer.
   */
  sameInstallationAs?: RealServer
}

/**
 * Starts the application as its own process and waits until /health answers.
 * Stop it with `stop()` (SIGTERM) or `kill()`; servers still running when the
 * run ends are stopped by `stopAllRealServers()` (runner teardown).
 */
export async function startRealServer(options: StartOptions = {}): Promise<RealServer> {
  const peer = options.sameInstallationAs
  const database = peer ? peer.database : await freshDatabase()
  const port = await freePort()
  const installation = peer
    ? peer.installationEnv
    : {
        APP_KEY: runAppKey,
        REDIS_KEY_PREFIX: `coop-srv-${runId}-${serverCount}:`,
        MAILBOX_DIR: join(runFolder, `mailbox-${serverCount}`),
      }
  const env = {
    ...baseEnv(),
    ...database.env,
    ...installation,
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    ...options.env,
  }
  const server = new RealServer(port, env, installation, database)
  await server.boot()
  return server
}

export async function stopAllRealServers() {
  await Promise.all([...liveWorkers].map((worker) => worker.stop()))
  await Promise.all([...liveServers].map((server) => server.stop()))
  if (createdPgDatabases.length) {
    await pgAdmin(async (client) => {
      for (const name of createdPgDatabases.splice(0)) {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      }
    }).catch(() => {})
  }
  rmSync(runFolder, { recursive: true, force: true })
}

/**
 * The environment that sends a real server's mails (and its `mail:work` processes') through
 * an SMTP server (tests/helpers/smtp_server.ts) instead of the quick-start mailbox, with the
 * sender's waits cut down for tests: first retry after 300 ms, a poll every 200 ms.
 */
export function smtpEnv(
  smtp: { host: string; port: number },
  overrides: Record<string, string> = {}
): Record<string, string> {
  return {
    SMTP_HOST: smtp.host,
    SMTP_PORT: String(smtp.port),
    SMTP_SECURE: 'false',
    MAIL_RETRY_BASE_MS: '300',
    MAIL_POLL_INTERVAL_MS: '200',
    ...overrides,
  }
}

/**
 * `node ace mail:work` of the same installation as `server` (same database, APP_KEY, Redis
 * prefix, SMTP settings), with `env` on top: a sender process of its own, as production runs
 * it next to web instances started with MAIL_SENDER=off. Resolves once the sender started.
 */
export async function startMailWorker(
  server: RealServer,
  env: Record<string, string> = {}
): Promise<MailWorker> {
  const worker = new MailWorker({ ...server.env, ...env })
  await worker.start()
  return worker
}

/**
 * A process of the application (a web server, a mail worker): what it printed, a clean stop
 * (SIGTERM, SIGKILL after 20 s) and a crash (SIGKILL). Live ones are kept in `registry` so the
 * runner's teardown stops those a test forgot.
 */
class AppProcess {
  protected child?: ChildProcess
  protected printed = ''
  #exited?: Promise<number | null>

  constructor(readonly env: Record<string, string>) {}

  protected launch(args: string[], registry: Set<AppProcess>): ChildProcess {
    const child = spawn(process.execPath, args, { cwd: APP_ROOT, env: this.env })
    this.child = child
    registry.add(this)
    child.stdout!.on('data', (chunk) => (this.printed += chunk))
    child.stderr!.on('data', (chunk) => (this.printed += chunk))
    this.#exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        registry.delete(this)
        resolve(code)
      })
    )
    return child
  }

  get pid() {
    return this.child?.pid
  }

  /** What the process printed (stdout and stderr). */
  output() {
    return this.printed
  }

  /** SIGTERM and wait for the exit (SIGKILL after 20 s). Resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000)
    const code = await this.#exited!
    clearTimeout(timer)
    return code
  }

  /** A crash: the process ends at once, without giving anything back. */
  async kill(signal: NodeJS.Signals = 'SIGKILL') {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return
    this.child.kill(signal)
    await this.#exited
  }
}

export class MailWorker extends AppProcess {
  /** Resolves once the sender printed that it started. */
  async start() {
    const child = this.launch(['ace', 'mail:work'], liveWorkers)
    const deadline = Date.now() + BOOT_TIMEOUT_MS
    while (!/mail sender \S+ started/.test(this.printed)) {
      if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        await this.kill()
        throw new Error(`node ace mail:work did not start:\n${this.printed}`)
      }
      await sleep(100)
    }
  }
}

export class RealServer extends AppProcess {
  readonly url: string

  constructor(
    readonly port: number,
    env: Record<string, string>,
    readonly installationEnv: Record<string, string>,
    readonly database: DatabaseEnv
  ) {
    super(env)
    this.url = `http://127.0.0.1:${port}`
  }

  get mailbox() {
    return this.env.MAILBOX_DIR
  }

  async boot() {
    const child = this.launch(
      ['--import', 'ts-node-maintained/register/esm', 'bin/server.ts'],
      liveServers
    )
    const deadline = Date.now() + BOOT_TIMEOUT_MS
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break
      const status = await this.client()
        .get(route('public.health'))
        .then((response) => response.status)
        .catch(() => 0)
      if (status === 200) return
      await sleep(200)
    }
    await this.kill()
    throw new Error(
      `The server did not answer /health within ${BOOT_TIMEOUT_MS} ms:\n${this.printed}`
    )
  }

  /**
   * Waits until the process has printed `text` (its log lines reach this process a little
   * after the answer that caused them). Resolves with the whole output.
   */
  async waitForOutput(text: string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    while (!this.printed.includes(text)) {
      if (Date.now() > deadline) {
        throw new Error(
          `The server did not print "${text}" within ${timeoutMs} ms:\n${this.printed.slice(-2000)}`
        )
      }
      await sleep(50)
    }
    return this.printed
  }

  /** A browser-like HTTP client: its own cookie jar, CSRF token sent like the pages do. */
  client(options: ClientOptions = {}) {
    return new HttpClient(this.url, options)
  }

  /** A query on the server's database from outside the server (no transaction shared with it). */
  async sql<Row = Record<string, any>>(query: string, bindings: unknown[] = []): Promise<Row[]> {
    if (engine === 'sqlite') {
      const connection = new Database(this.database.location)
      connection.pragma('busy_timeout = 5000')
      try {
        const statement = connection.prepare(query)
        return (
          statement.reader ? statement.all(...bindings) : [statement.run(...bindings)]
        ) as Row[]
      } finally {
        connection.close()
      }
    }
    const client = new pg.Client({ ...pgSettings(), database: this.database.location })
    await client.connect()
    try {
      // Same placeholders on both engines: `?` becomes $1, $2, ...
      let index = 0
      const text = query.replace(/\?/g, () => `$${++index}`)
      const result = await client.query(text, bindings)
      return result.rows as Row[]
    } finally {
      await client.end()
    }
  }

  /** Mails the server kept in its mailbox (quick-start transport), oldest first. */
  async mails(): Promise<StoredMail[]> {
    let names: string[]
    try {
      const entries = await readdir(this.mailbox)
      names = entries.filter((name) => name.endsWith('.json'))
    } catch {
      return []
    }
    const mails = await Promise.all(
      names.map(async (name) => JSON.parse(await readFile(join(this.mailbox, name), 'utf8')))
    )
    return (mails as StoredMail[]).sort((a, b) => a.id.localeCompare(b.id))
  }

  /** Waits for a mail (queued mails are sent after the answer). */
  async waitForMail(match: (mail: StoredMail) => boolean, timeoutMs = 15_000): Promise<StoredMail> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const mails = await this.mails()
      const found = mails.filter(match).at(-1)
      if (found) return found
      await sleep(100)
    }
    const mailbox = await this.mails()
    throw new Error(
      `No matching mail within ${timeoutMs} ms; mailbox: ${JSON.stringify(
        mailbox.map((mail) => [mail.to, mail.subject])
      )}`
    )
  }
}

export interface ClientOptions {
  /** Source address of the connections (any 127.0.0.0/8 address reaches the server). */
  localAddress?: string
  /** Extra headers on every request (e.g. User-Agent). */
  headers?: Record<string, string>
}

/**
 * A server started with the TypeScript loader compiles each page and module on its first use:
 * on a machine under load (load average 12+) a first request took over 30 s now and then. The
 * limit still turns a request the server never answers into a failure, well inside the suite's
 * 180 s per test.
 */
const DEFAULT_REQUEST_TIMEOUT_MS = 75_000

export interface RequestOptions {
  headers?: Record<string, string>
  /** Request timeout; a request the server leaves unanswered fails the test instead of hanging. */
  timeoutMs?: number
}

export class HttpResponse {
  constructor(
    readonly status: number,
    readonly headers: http.IncomingHttpHeaders,
    readonly body: Buffer,
    readonly elapsedMs: number
  ) {}

  get text() {
    return this.body.toString('utf8')
  }

  get location() {
    return this.headers.location ?? null
  }

  json<T = any>(): T {
    return JSON.parse(this.text) as T
  }

  /** The Inertia page object (component, props) the HTML carries in `data-page`. */
  page<Props = Record<string, any>>(): { component: string; props: Props; url: string } {
    const match = this.text.match(/data-page="([^"]*)"/)
    if (!match)
      throw new Error(
        `No Inertia page in the answer (status ${this.status}):\n${this.text.slice(0, 500)}`
      )
    return JSON.parse(decodeHtml(match[1]))
  }
}

function decodeHtml(value: string) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

export class HttpClient {
  readonly cookies = new Map<string, string>()
  #csrfField: string | null = null

  constructor(
    readonly baseUrl: string,
    readonly options: ClientOptions = {}
  ) {}

  get(path: string, options: RequestOptions = {}) {
    return this.request('GET', path, undefined, options)
  }

  /** A form post as a browser without JavaScript sends it (with the page's CSRF token). */
  postForm(path: string, fields: Record<string, string | string[]>, options: RequestOptions = {}) {
    const body = new URLSearchParams()
    for (const [name, value] of Object.entries(fields)) {
      for (const item of Array.isArray(value) ? value : [value]) body.append(name, item)
    }
    if (!('_csrf' in fields) && this.csrfToken()) body.append('_csrf', this.csrfToken()!)
    return this.request('POST', path, Buffer.from(body.toString()), {
      ...options,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
    })
  }

  /** A multipart upload (files as Buffers). */
  postMultipart(
    path: string,
    fields: Record<string, string>,
    files: Record<string, { name: string; content: Buffer; type?: string }>,
    options: RequestOptions = {}
  ) {
    const boundary = `----coop${randomBytes(8).toString('hex')}`
    const parts: Buffer[] = []
    const allFields = { ...fields }
    if (!('_csrf' in allFields) && this.csrfToken()) allFields._csrf = this.csrfToken()!
    for (const [name, value] of Object.entries(allFields)) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`
        )
      )
    }
    for (const [name, file] of Object.entries(files)) {
      parts.push(
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="${file.name}"\r\n` +
            `content-type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`
        ),
        file.content,
        Buffer.from('\r\n')
      )
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`))
    return this.request('POST', path, Buffer.concat(parts), {
      ...options,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...options.headers },
    })
  }

  /** A JSON post, as Inertia's client sends a form when JavaScript is on. */
  postJson(path: string, payload: unknown, options: RequestOptions = {}) {
    return this.request('POST', path, Buffer.from(JSON.stringify(payload)), {
      ...options,
      headers: {
        'content-type': 'application/json',
        'accept': 'text/html, application/xhtml+xml',
        ...(this.xsrfHeader() ? { 'x-xsrf-token': this.xsrfHeader()! } : {}),
        ...options.headers,
      },
    })
  }

  /** The CSRF token from the last page's forms (what a browser without JavaScript posts). */
  csrfToken() {
    return this.#csrfField
  }

  xsrfHeader() {
    const cookie = this.cookies.get('XSRF-TOKEN')
    return cookie ? decodeURIComponent(cookie) : null
  }

  /** Follows redirects of a GET until a non-redirect answer (at most 10). */
  async follow(response: HttpResponse, options: RequestOptions = {}): Promise<HttpResponse> {
    let current = response
    for (let hop = 0; hop < 10 && current.status >= 300 && current.status < 400; hop++) {
      current = await this.get(current.location!, options)
    }
    return current
  }

  request(
    method: string,
    path: string,
    body?: Buffer,
    options: RequestOptions = {}
  ): Promise<HttpResponse> {
    const url = new URL(path, this.baseUrl)
    const headers: Record<string, string> = {
      'user-agent':
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36',
      'accept': 'text/html,application/xhtml+xml',
      'accept-language': 'ja',
      ...this.options.headers,
      ...options.headers,
    }
    if (this.cookies.size) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
    }
    if (body) headers['content-length'] = String(body.length)
    const started = performance.now()
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        {
          method,
          headers,
          localAddress: this.options.localAddress,
          timeout: options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
          agent: false,
        },
        (answer) => {
          const chunks: Buffer[] = []
          answer.on('data', (chunk) => chunks.push(chunk))
          answer.on('end', () => {
            this.#storeCookies(answer.headers['set-cookie'] ?? [])
            const response = new HttpResponse(
              answer.statusCode ?? 0,
              answer.headers,
              Buffer.concat(chunks),
              performance.now() - started
            )
            const token = response.text.match(/name="_csrf" value="([^"]+)"/)
            if (token) this.#csrfField = token[1]
            resolve(response)
          })
          answer.on('error', reject)
        }
      )
      request.on('timeout', () =>
        request.destroy(
          new Error(
            `${method} ${path}: no answer within ${options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS} ms`
          )
        )
      )
      request.on('error', reject)
      request.end(body)
    })
  }

  #storeCookies(setCookies: string[]) {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';')
      const separator = pair.indexOf('=')
      const name = pair.slice(0, separator).trim()
      const value = pair.slice(separator + 1).trim()
      const expired = attributes.some((attribute) => {
        const [key, attributeValue] = attribute.trim().split('=')
        if (key.toLowerCase() === 'max-age') return Number(attributeValue) <= 0
        if (key.toLowerCase() === 'expires') return new Date(attributeValue).getTime() < Date.now()
        return false
      })
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
}
