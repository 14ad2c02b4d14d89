import type { HttpContext } from '@adonisjs/core/http'
import { findVisibleReport } from '#domain/contributions/contribution_report_publication'
import { loadContributionStatus } from '#domain/contributions/contribution_status'
import { presentContributionReport, presentContributions } from '#presenters/member/contributions'
import { sendPdf } from '#documents/download'
import { contributionReportPdf } from '#documents/contribution_report_pdf'

/** 出資状況 (units, amount, history) and the published annual 出資報告. */
export default class ContributionsController {
  async index({ auth, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const status = await loadContributionStatus(account)
    return inertia.render('member/contributions/index', presentContributions(status))
  }

  async report({ auth, inertia, params }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const report = await findVisibleReport(account, params.fiscalYear)
    return inertia.render(
      'member/contributions/report',
      presentContributionReport(account.member, report)
    )
  }

  async reportPdf({ auth, params, response }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const report = await findVisibleReport(account, params.fiscalYear)
    const bytes = await contributionReportPdf(presentContributionReport(account.member, report))
    return sendPdf(response, `出資報告_${report.fiscalYear}年度.pdf`, bytes)
  }
}
