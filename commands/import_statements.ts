import { flags } from '@adonisjs/core/ace'
import { ImportCommand } from './_import_command.js'

/** `node ace import:statements FILE --month YYYY-MM [--commit] [--encoding ...]` */
export default class ImportStatements extends ImportCommand {
  static commandName = 'import:statements'
  static description = 'Import a monthly statements CSV (validate; --commit to publish)'
  protected readonly kind = 'statements'

  @flags.string({ description: 'Billing month YYYY-MM' })
  declare month: string

  protected period() {
    return this.month
  }
}
ImportStatements.defineImportOptions('Publish the month when the file has no errors')
