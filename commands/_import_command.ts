import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import type { ImportKind } from '#models/import_batch'

/**
 * The import commands' shared shape: `node ace import:KIND FILE [--commit] [--encoding ...]`,
 * run through the same code as the staff UI (app/imports/cli.ts).
 * Exit codes: 0 validated (and committed with --commit), 1 row errors, 2 refused or failed.
 * Not a command itself (its name starts with "_", so commands/_index.ts skips it).
 */
export abstract class ImportCommand extends BaseCommand {
  static options: CommandOptions = { startApp: true }

  declare file: string
  declare commit: boolean
  declare encoding: string

  protected abstract readonly kind: ImportKind

  /** The period flag as typed (--month, --year); the member master has none. */
  protected period(): string | undefined {
    return undefined
  }

  /**
   * FILE, --commit (said per kind: what committing does) and --encoding. Called after the
   * subclass's body, so its own period flag is listed first, as before.
   */
  static defineImportOptions(commitDescription: string) {
    this.defineArgument('file', { type: 'string', description: 'CSV file' })
    this.defineFlag('commit', { type: 'boolean', description: commitDescription })
    this.defineFlag('encoding', {
      type: 'string',
      description: 'auto, utf-8 or shift_jis',
      default: 'auto',
    })
  }

  async run() {
    const { runFromCommandLine } = await import('#imports/cli')
    this.exitCode = await runFromCommandLine(this, {
      kind: this.kind,
      file: this.file,
      period: this.period(),
      commit: this.commit,
      encoding: this.encoding,
    })
  }
}
