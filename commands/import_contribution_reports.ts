import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace import:contribution-reports FILE --year YYYY [--commit] [--encoding ...]`
 * Exit codes: 0 validated (and committed with --commit), 1 row errors, 2 refused or failed.
 */
export default class ImportContributionReports extends BaseCommand {
  static commandName = 'import:contribution-reports'
  static description = 'Import an annual contribution reports CSV (validate; --commit to publish)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV file' })
  declare file: string

  @flags.string({ description: 'Fiscal year YYYY' })
  declare year: string

  @flags.boolean({ description: 'Publish the year when the file has no errors' })
  declare commit: boolean

  @flags.string({ description: 'auto, utf-8 or shift_jis', default: 'auto' })
  declare encoding: string

  async run() {
    const { runFromCommandLine } = await import('#imports/cli')
    this.exitCode = await runFromCommandLine(this, {
      kind: 'contribution_reports',
      file: this.file,
      period: this.year,
      commit: this.commit,
      encoding: this.encoding,
    })
  }
}
