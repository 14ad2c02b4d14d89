import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { symlink } from 'node:fs/promises'
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import { RUNNER_ENV, RUNNER_NODE_FLAGS } from '#imports/run'

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
  const child = spawn(
    process.execPath,
    [
      ...RUNNER_NODE_FLAGS,
      options.runner === 'build' ? 'build/ace.js' : 'ace',
      'import:run',
      String(batchId),
      `--action=${action}`,
    ],
    {
      cwd: app.makePath(),
      env: {
        ...process.env,
        IMPORT_REPORT_TIMING: '1',
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? RUNNER_ENV.MALLOC_ARENA_MAX,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    }
  )
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  let done = false
  const exited = once(child, 'exit').then(() => (done = true))
  while (!done) {
    if (options.whileRunning) await options.whileRunning()
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  await exited
  const line = output
    .split('\n')
    .reverse()
    .find((l) => l.includes('"seconds"'))
  if (!line) throw new Error(`runner printed no timing: ${output}`)
  return JSON.parse(line.slice(line.indexOf('{'))) as RunnerReport
}

/** `node ace build` output run in place: it shares node_modules and tmp/ with the sources. */
export async function linkBuildToSources() {
  const build = app.makePath('build')
  if (!existsSync(join(build, 'ace.js'))) throw new Error('Run `node ace build` first')
  for (const name of ['node_modules', 'tmp']) {
    if (!existsSync(join(build, name))) await symlink(join('..', name), join(build, name))
  }
}
