import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { readdir, stat, symlink, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { RUNNER_ENV, RUNNER_NODE_FLAGS } from '#imports/run/spawn'

/** What `import:run` prints with IMPORT_REPORT_TIMING: its own time and peak memory. */
export interface RunnerReport {
  seconds: number
  peakRssMb: number
  bootRssMb: number
}

/**
 * Runs the import runner as the staff UI does (a child process with the runner's heap cap and
 * allocator settings) and returns its report. `whileRunning` is called again and again until
 * the child exits (the import benchmark requests a member page meanwhile).
 */
export async function runImportRunner(
  batchId: number,
  action: 'validate' | 'commit',
  options: { runner: 'dev' | 'build'; whileRunning?: () => Promise<void> }
): Promise<RunnerReport> {
  return runTimedChild(
    [
      options.runner === 'build' ? 'build/ace.js' : 'ace',
      'import:run',
      String(batchId),
      `--action=${action}`,
    ],
    { IMPORT_REPORT_TIMING: '1' },
    options.whileRunning
  )
}

/**
 * A child process started like the import runner (same node flags and allocator settings),
 * `whileRunning` called again and again until it exits; returns the last JSON line it printed
 * with a "seconds" field (the benchmark baseline, bin/bench_baseline.js, is run this way too).
 */
export async function runTimedChild<Report extends { seconds: number }>(
  args: string[],
  env: Record<string, string>,
  whileRunning?: () => Promise<void>
): Promise<Report> {
  // BENCH_CHILD_FLAGS: extra node flags for the children, for profiling (NODE_OPTIONS refuses
  // --cpu-prof); e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof --max-old-space-size=2048" (a CPU
  // profile is written from the heap: raise the cap, and read no memory figure from such a run).
  const profile = (process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...RUNNER_NODE_FLAGS, ...profile, ...args], {
    cwd: app.makePath(),
    env: {
      ...process.env,
      ...env,
      MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? RUNNER_ENV.MALLOC_ARENA_MAX,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  let done = false
  const exited = once(child, 'exit').then(() => (done = true))
  while (!done) {
    if (whileRunning) await whileRunning()
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  await exited
  // BENCH_CHILD_OUTPUT=DIR keeps each child's whole output (e.g. with --trace-gc in
  // BENCH_CHILD_FLAGS), one file per child.
  const keep = process.env.BENCH_CHILD_OUTPUT
  if (keep) {
    await writeFile(join(keep, `${basename(args[0])}-${args[2] ?? ''}-${child.pid}.log`), output)
  }
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.includes('"seconds"'))
  if (!line) throw new Error(`${args.join(' ')} printed no timing: ${output}`)
  return JSON.parse(line.slice(line.indexOf('{'))) as Report
}

/** What the production build is made from: a change to any of these makes build/ stale. */
const BUILD_SOURCES = [
  'app',
  'bin',
  'commands',
  'config',
  'database',
  'inertia',
  'providers',
  'resources',
  'start',
  'adonisrc.ts',
  'vite.config.ts',
  'package-lock.json',
]

async function newestModification(path: string): Promise<number> {
  const info = await stat(path).catch(() => null)
  if (!info) return 0
  if (!info.isDirectory()) return info.mtimeMs
  const entries = await readdir(path)
  const times = await Promise.all(entries.map((entry) => newestModification(join(path, entry))))
  return Math.max(info.mtimeMs, ...times)
}

/**
 * `node ace build` output run in place: it shares node_modules and tmp/ with the sources. A
 * fresh clone has no build and a build older than the sources would measure yesterday's code,
 * so the benchmarks (re)build first when either is the case (~1 min).
 */
export async function linkBuildToSources() {
  const build = app.makePath('build')
  const built = await stat(join(build, 'ace.js')).catch(() => null)
  const builtAt = built?.mtimeMs ?? 0
  const sources = await Promise.all(
    BUILD_SOURCES.map((name) => newestModification(app.makePath(name)))
  )
  if (builtAt < Math.max(...sources)) {
    console.log(
      builtAt
        ? 'The build is older than the sources: node ace build'
        : 'No build yet: node ace build'
    )
    const building = spawnSync(process.execPath, ['ace', 'build'], {
      cwd: app.makePath(),
      stdio: 'inherit',
    })
    if (building.status !== 0) throw new Error('node ace build failed (see above)')
  }
  for (const name of ['node_modules', 'tmp']) {
    if (!existsSync(join(build, name))) await symlink(join('..', name), join(build, name))
  }
}
