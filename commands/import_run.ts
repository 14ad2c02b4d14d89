import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace import:run ID --action=validate|commit`: the background runner the staff UI
 * starts as a child process, so a long import never blocks the web server's event loop.
 */
export default class ImportRun extends BaseCommand {
  static commandName = 'import:run'
  static description = 'Validate or commit one import batch (started by the staff UI)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Import batch id' })
  declare id: string

  @flags.string({ description: 'validate or commit', default: 'validate' })
  declare action: string

  async run() {
    const { runImport } = await import('#imports/run/spawn')
    try {
      const bootRssMb = process.memoryUsage().rss / 1048576
      const started = performance.now()
      await runImport(Number(this.id), this.action === 'commit' ? 'commit' : 'validate')
      if (process.env.IMPORT_REPORT_TIMING) {
        // Used by the benchmark: the runner's own time and peak memory.
        const seconds = (performance.now() - started) / 1000
        const peakRssMb = process.resourceUsage().maxRSS / 1024
        this.logger.log(JSON.stringify({ seconds, peakRssMb, bootRssMb }))
      }
    } catch (error) {
      this.logger.error(error instanceof Error ? error.message : String(error))
      this.exitCode = 1
    }
  }
}
