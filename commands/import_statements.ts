import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace import:statements FILE --month YYYY-MM [--commit] [--encoding auto|utf-8|shift_jis]`
 * Exit codes: 0 validated (and committed with --commit), 1 row errors, 2 refused or failed.
 */
export default class ImportStatements extends BaseCommand {
  static commandName = 'import:statements'
  static description = 'Import a monthly statements CSV (validate; --commit to publish)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV file' })
  declare file: string

  @flags.string({ description: 'Billing month YYYY-MM' })
  declare month: string

  @flags.boolean({ description: 'Publish the month when the file has no errors' })
  declare commit: boolean

  @flags.string({ description: 'auto, utf-8 or shift_jis', default: 'auto' })
  declare encoding: string

  async run() {
    const { runFromCommandLine } = await import('#imports/cli')
    this.exitCode = await runFromCommandLine(this, {
      kind: 'statements',
      file: this.file,
      period: this.month,
      commit: this.commit,
      encoding: this.encoding,
    })
  }
}
