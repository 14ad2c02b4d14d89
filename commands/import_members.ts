import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

/**
 * `node ace import:members FILE [--commit] [--encoding ...]`
 * Exit codes: 0 validated (and committed with --commit), 1 row errors, 2 refused or failed.
 */
export default class ImportMembers extends BaseCommand {
  static commandName = 'import:members'
  static description = 'Import the member master CSV (validate; --commit to apply)'
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'CSV file' })
  declare file: string

  @flags.boolean({ description: 'Apply the file when it has no errors' })
  declare commit: boolean

  @flags.string({ description: 'auto, utf-8 or shift_jis', default: 'auto' })
  declare encoding: string

  async run() {
    const { runFromCommandLine } = await import('#imports/cli')
    this.exitCode = await runFromCommandLine(this, {
      kind: 'members',
      file: this.file,
      commit: this.commit,
      encoding: this.encoding,
    })
  }
}
