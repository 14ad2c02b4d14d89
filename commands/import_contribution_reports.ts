import { flags } from '@adonisjs/core/ace'
import { ImportCommand } from './_import_command.js'

/** `node ace import:contribution-reports FILE --year YYYY [--commit] [--encoding ...]` */
export default class ImportContributionReports extends ImportCommand {
  static commandName = 'import:contribution-reports'
  static description = 'Import an annual contribution reports CSV (validate; --commit to publish)'
  protected readonly kind = 'contribution_reports'

  @flags.string({ description: 'Fiscal year YYYY' })
  declare year: string

  protected period() {
    return this.year
  }
}
ImportContributionReports.defineImportOptions('Publish the year when the file has no errors')
