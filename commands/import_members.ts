import { ImportCommand } from './_import_command.js'

/** `node ace import:members FILE [--commit] [--encoding ...]` (exit codes: _import_command.ts) */
export default class ImportMembers extends ImportCommand {
  static commandName = 'import:members'
  static description = 'Import the member master CSV (validate; --commit to apply)'
  protected readonly kind = 'members'
}
ImportMembers.defineImportOptions('Apply the file when it has no errors')
