import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { once } from 'node:events'
import app from '@adonisjs/core/services/app'
import encryption from '@adonisjs/core/services/encryption'
import { CookieClient } from '@adonisjs/core/http'
import { routeUrl } from '#services/named_routes'

/*
| What the benchmark commands share to reach the app over real HTTP: a web server in its own
| process, a cookie-keeping client, and the member and staff log-ins through the real forms.
*/

export interface BenchServer {
  base: string
  stop: () => Promise<void>
  /** CPU seconds (user + system) the server process has used so far (Linux /proc). */
  cpuSeconds: () => Promise<number>
}

/**
 * The web server in its own process on a free port, against the database this process uses:
 * the compiled one in production mode for runner `build` (run `node ace build` first), else
 * `bin/server.ts` in development mode.
 */
export async function startBenchServer(
  runner: 'dev' | 'build',
  extraEnv: Record<string, string> = {}
): Promise<BenchServer> {
  const port = await freePort()
  const build = runner === 'build'
  // BENCH_SERVER_FLAGS: node flags for the server, for profiling (e.g. "--cpu-prof --cpu-prof-dir=DIR").
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean)
  const child: ChildProcess = spawn(
    process.execPath,
    build
      ? [...flags, 'bin/server.js']
      : [...flags, '--import', 'ts-node-maintained/register/esm', 'bin/server.ts'],
    {
      cwd: build ? app.makePath('build') : app.makePath(),
      env: {
        ...process.env,
        NODE_ENV: build ? 'production' : 'development',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        // Production mode refuses to boot without SMTP; the benchmarks send no mail.
        SMTP_HOST: process.env.SMTP_HOST ?? '127.0.0.1',
        // ...and without APP_URL (links in mails).
        APP_URL: process.env.APP_URL || `http://127.0.0.1:${port}`,
        ...extraEnv,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    }
  )
  let exited = false
  const exit = once(child, 'exit').then(() => (exited = true))
  const stop = async () => {
    if (!exited) child.kill('SIGTERM')
    await exit
  }
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  while (true) {
    if (exited) throw new Error('the web server exited while starting')
    if (Date.now() > deadline) {
      await stop()
      throw new Error('the web server did not answer /health within 60 s')
    }
    const ok = await fetch(base + routeUrl('public.health'))
      .then((r) => r.ok)
      .catch(() => false)
    if (ok) return { base, stop, cpuSeconds: () => cpuSecondsOf(child.pid!) }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

export interface BenchMemberLogin {
  email: string
  password: string
  /** A browser already confirmed for the account, so the log-in asks for no mailed code. */
  deviceId: string
}

/** Logs a member in through the real form (CSRF token, known-device cookie), as a browser does. */
export async function logInBenchMember(
  base: string,
  member: BenchMemberLogin
): Promise<CookieBrowser> {
  const { DEVICE_COOKIE } = await import('#domain/auth/member_devices')
  const browser = new CookieBrowser(base)
  browser.cookies.set(
    DEVICE_COOKIE,
    encodeURIComponent(new CookieClient(encryption).sign(DEVICE_COOKIE, member.deviceId) ?? '')
  )
  await postLoginForm(
    browser,
    routeUrl('public.login.show'),
    { email: member.email, password: member.password },
    routeUrl('member.home')
  )
  return browser
}

/** Logs a staff user without two-step set up in through the real form. */
export async function logInBenchStaff(
  base: string,
  staff: { loginId: string; password: string }
): Promise<CookieBrowser> {
  const browser = new CookieBrowser(base)
  await postLoginForm(browser, routeUrl('staff.login.show'), staff, routeUrl('staff.dashboard'))
  return browser
}

async function postLoginForm(
  browser: CookieBrowser,
  path: string,
  fields: Record<string, string>,
  expectedLocation: string
) {
  const form = await browser.request(path)
  const html = await form.text()
  const csrf = html.match(/name="_csrf"[^>]*value="([^"]+)"/)?.[1]
  if (!csrf) throw new Error(`no CSRF field on ${path} (status ${form.status})`)
  const login = await browser.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf.replaceAll('&amp;', '&'), ...fields }).toString(),
  })
  await login.arrayBuffer()
  const location = login.headers.get('location') ?? ''
  // Back to the form, or on to a code page under it, is no log-in.
  if (login.status !== 302 || !location.startsWith(expectedLocation) || location.startsWith(path)) {
    throw new Error(`log-in through ${path} failed: ${login.status} -> ${location}`)
  }
}

async function cpuSecondsOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may hold spaces, inside parentheses): utime is the 14th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const CLOCK_TICKS = 100
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
}

export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  server.close()
  await once(server, 'close')
  if (!address || typeof address === 'string') throw new Error('no free port')
  return address.port
}

/** Just enough of a browser: keeps the cookies the server sets, follows no redirect. */
export class CookieBrowser {
  cookies = new Map<string, string>()

  constructor(private base: string) {}

  /** The Cookie header this browser sends (for load generators that replay it). */
  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  async request(path: string, init: RequestInit = {}) {
    const response = await fetch(this.base + path, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string> | undefined),
        cookie: this.cookieHeader(),
      },
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))
      if (expired || !value) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }
}
