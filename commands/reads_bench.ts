import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { readFile } from 'node:fs/promises'
import type { CookieBrowser } from '#services/bench_http'

/**
 * `node ace reads:bench` (run through `npm run bench:reads`, on the dataset of
 * `npm run bench:dataset`): the production build's web server in its own process, a member and a
 * staff administrator logged in through the real forms, then `--connections` (50) keep-alive
 * connections for `--seconds` (10) on each page in turn (autocannon), full HTML page loads as a
 * first visit or a browser without JavaScript makes them (one statement month also as an
 * Inertia visit). Each page twice: flat out (capacity: req/s and the server's CPU per answer; its
 * latency is only connections / throughput, Little's law), then paced at `--rate` (100) requests
 * a second in all (latency of a loaded, not saturated, server). Prints one JSON line per page
 * beside the bare health route of the same server, then a table.
 */
export default class ReadsBench extends BaseCommand {
  static commandName = 'reads:bench'
  static description =
    'Load the member and staff pages of the benchmark dataset (npm run bench:reads)'
  static options: CommandOptions = { startApp: true }

  @flags.string({ description: 'sqlite or pg (set up by bin/bench_reads.js)', default: 'sqlite' })
  declare db: string

  @flags.number({ description: 'Concurrent keep-alive connections', default: 50 })
  declare connections: number

  @flags.number({ description: 'Seconds of load on each page', default: 10 })
  declare seconds: number

  @flags.number({
    description:
      'Then the same connections at this many requests a second in all, for latency (0: not)',
    default: 100,
  })
  declare rate: number

  @flags.string({ description: 'Only the pages whose names contain this (e.g. member)' })
  declare only?: string

  @flags.boolean({
    description: 'Load the bare route too (--no-bare: not, e.g. to profile one page)',
    default: true,
  })
  declare bare: boolean

  @flags.string({
    description: 'build (compiled build/, production mode) or dev (TypeScript loader)',
    default: 'build',
  })
  declare runner: string

  async run() {
    // The kept dataset follows the code: migrations added since it was built run first.
    const { MigrationRunner } = await import('@adonisjs/lucid/migration')
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const migrator = new MigrationRunner(db, this.app, { direction: 'up', dryRun: false })
    await migrator.run()
    if (migrator.error) throw migrator.error
    const { default: autocannon } = await import('autocannon')
    const { startBenchServer, logInBenchMember, logInBenchStaff } =
      await import('#services/bench_http')
    const { routeUrl } = await import('#services/named_routes')
    const { linkBuildToSources } = await import('#imports/bench_runner')
    const runner = this.runner === 'dev' ? 'dev' : 'build'
    if (runner === 'build') await linkBuildToSources()
    const logins = JSON.parse(
      await readFile(this.app.tmpPath(`bench-dataset-${this.db}-logins.json`), 'utf8')
    ) as DatasetLogins
    const latestMonth = logins.months.at(-1)!
    const aMember = await this.aMemberId()

    // Production shape on PostgreSQL: sessions, limits and locks in Redis (as several instances need).
    const server = await startBenchServer(
      runner,
      this.db === 'pg'
        ? { SESSION_DRIVER: 'redis', LIMITER_STORE: 'redis', LOCK_STORE: 'redis' }
        : {}
    )
    const results: PageResult[] = []
    try {
      const member = await logInBenchMember(server.base, logins.member)
      const staff = await logInBenchStaff(server.base, logins.staff)
      const pages: [string, string, typeof member | null, Record<string, string>?][] = [
        ['bare /health', routeUrl('public.health'), null],
        ['member home', routeUrl('member.home'), member],
        ['member statements', routeUrl('member.statements.index'), member],
        [
          'member statement month',
          routeUrl('member.statements.show', { month: latestMonth }),
          member,
        ],
        // The same page as a JavaScript browser fetches it after the first load (props only).
        [
          'member statement month (Inertia visit)',
          routeUrl('member.statements.show', { month: latestMonth }),
          member,
          {
            'x-inertia': 'true',
            'x-inertia-version': await this.assetsVersion(member, routeUrl('member.home')),
          },
        ],
        ['staff dashboard', routeUrl('staff.dashboard'), staff],
        ['staff members', routeUrl('staff.members.index'), staff],
        [
          'staff members search',
          routeUrl('staff.members.index', {}, { q: 'フクイ ハナコ' }),
          staff,
        ],
        ['staff member page', routeUrl('staff.members.show', { id: aMember }), staff],
        [
          'staff phone desk search',
          routeUrl('staff.phone_desk.index', {}, { q: '7000123' }),
          staff,
        ],
        ['staff audit log', routeUrl('staff.audit_log.index'), staff],
        [
          'staff audit log by action',
          routeUrl('staff.audit_log.index', {}, { action: 'member.login' }),
          staff,
        ],
        ['staff change history', routeUrl('staff.change_history.show'), staff],
        ['staff inquiries', routeUrl('staff.inquiries.index'), staff],
        ['staff affiliation requests', routeUrl('staff.affiliation_requests.index'), staff],
        ['staff imports', routeUrl('staff.imports.index'), staff],
        ['staff notices', routeUrl('staff.notices.index'), staff],
        ['staff accounts', routeUrl('staff.accounts.index'), staff],
        ['staff guide letters', routeUrl('staff.guide_letters.index'), staff],
      ]
      for (const [name, path, browser, extraHeaders = {}] of pages) {
        const isBare = name.startsWith('bare')
        if (isBare ? !this.bare : this.only && !name.includes(this.only)) continue
        // Each page answers 200 to this browser before it is loaded (no redirect to a log-in).
        const check = browser
          ? await browser.request(path, { headers: extraHeaders })
          : await fetch(server.base + path)
        await check.arrayBuffer()
        if (check.status !== 200) throw new Error(`${name} (${path}) answered ${check.status}`)
        const load = (overallRate?: number, duration = this.seconds) =>
          autocannon({
            url: server.base + path,
            connections: this.connections,
            duration,
            headers: browser ? { ...extraHeaders, cookie: browser.cookieHeader() } : {},
            ...(overallRate ? { overallRate } : {}),
          })
        // Warm-up, not counted: the page's modules load and its code is compiled by the JIT.
        await load(undefined, 2)
        const cpuBefore = await server.cpuSeconds()
        const capacity = await load()
        const cpu = (await server.cpuSeconds()) - cpuBefore
        const paced = this.rate > 0 ? await load(this.rate) : null
        const result: PageResult = {
          page: name,
          path,
          req_s: Math.round(capacity.requests.average),
          // Server CPU per answer: what the page costs, whatever else the machine is doing.
          cpu_ms: Math.round((cpu * 10_000) / Math.max(1, capacity.requests.total)) / 10,
          kb:
            Math.round(capacity.throughput.total / Math.max(1, capacity.requests.total) / 102.4) /
            10,
          p50_ms: capacity.latency.p50,
          p99_ms: capacity.latency.p99,
          paced_p50_ms: paced?.latency.p50 ?? null,
          paced_p99_ms: paced?.latency.p99 ?? null,
          non_2xx: capacity.non2xx + (paced?.non2xx ?? 0),
          errors: capacity.errors + capacity.timeouts + (paced ? paced.errors + paced.timeouts : 0),
        }
        results.push(result)
        this.logger.log(
          JSON.stringify({ db: this.db, runner, connections: this.connections, ...result })
        )
      }
    } finally {
      await server.stop()
    }
    const bare = (this.bare && results[0]?.req_s) || 0
    const table = this.ui
      .table()
      .head([
        'page',
        'req/s',
        'cpu ms/req',
        'p50 ms',
        'p99 ms',
        `p50 @${this.rate}/s`,
        `p99 @${this.rate}/s`,
        'x bare',
        'non-2xx',
      ])
    for (const row of results.map((r) => [
      r.page,
      String(r.req_s),
      String(r.cpu_ms),
      String(r.p50_ms),
      String(r.p99_ms),
      String(r.paced_p50_ms ?? '-'),
      String(r.paced_p99_ms ?? '-'),
      bare ? (r.req_s / bare).toFixed(2) : '-',
      String(r.non_2xx + r.errors),
    ]))
      table.row(row)
    table.render()
    if (results.some((r) => r.non_2xx + r.errors > 0)) process.exitCode = 1
  }

  /** The Inertia asset version a page carries (an Inertia visit with another one answers 409). */
  async assetsVersion(browser: CookieBrowser, path: string): Promise<string> {
    const answer = await browser.request(path)
    const html = await answer.text()
    const page = html.match(/data-page="([^"]+)"/)?.[1]
    const version =
      page && JSON.parse(page.replaceAll('&quot;', '"').replaceAll('&amp;', '&')).version
    if (typeof version !== 'string') throw new Error(`no Inertia page data on ${path}`)
    return version
  }

  /** A member in the middle of the master, with statements, for the staff member page. */
  async aMemberId(): Promise<number> {
    const { default: db } = await import('@adonisjs/lucid/services/db')
    const row = await db.from('members').where('member_number', '7025001').select('id').first()
    if (!row) throw new Error('the dataset has no member 7025001: build it with 50,000 members')
    return Number(row.id)
  }
}

interface DatasetLogins {
  member: { email: string; password: string; deviceId: string }
  staff: { loginId: string; password: string }
  months: string[]
}

interface PageResult {
  page: string
  path: string
  req_s: number
  cpu_ms: number
  /** Bytes of one answer (headers and body), in KB. */
  kb: number
  p50_ms: number
  p99_ms: number
  paced_p50_ms: number | null
  paced_p99_ms: number | null
  non_2xx: number
  errors: number
}
