import type { HttpContext } from '@adonisjs/core/http'
import { findYearlyUsage, visibleUsageYears } from '#domain/statements/yearly_usage'
import { presentYearlyUsage, usageTitle, yearlyUsageCsv } from '#presenters/member/yearly_usage'
import { csvEncodingFrom, sendCsv } from '#documents/csv'
import { sendPdf } from '#documents/download'
import { yearlyUsagePdf } from '#documents/yearly_usage_pdf'

/** 年間ご利用明細: a calendar or fiscal year's totals by month and category, page, CSV, PDF. */
export default class YearlyUsageController {
  /** The newest calendar year the member can open, or the page's empty state. */
  async index({ auth, inertia, response }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const years = await visibleUsageYears(account)
    if (years.calendar.length) {
      return response.redirect().toRoute('member.yearly_usage.show', {
        basis: 'calendar',
        year: String(years.calendar[0]),
      })
    }
    return inertia.render(
      'member/statements/yearly',
      presentYearlyUsage(account.member, years, null)
    )
  }

  async show({ auth, inertia, params }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const { usage, years } = await findYearlyUsage(account, params.basis, params.year)
    return inertia.render(
      'member/statements/yearly',
      presentYearlyUsage(account.member, years, usage)
    )
  }

  async csv({ auth, params, request, response }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const { usage } = await findYearlyUsage(account, params.basis, params.year)
    const encoding = csvEncodingFrom(request.qs().encoding)
    const title = usageTitle(usage.period.basis, usage.period.year)
    return sendCsv(response, {
      filename: `年間ご利用明細_${title}${encoding === 'sjis' ? '_sjis' : ''}.csv`,
      encoding,
      ...yearlyUsageCsv(usage),
    })
  }

  async pdf({ auth, params, response }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const { usage, years } = await findYearlyUsage(account, params.basis, params.year)
    const props = presentYearlyUsage(account.member, years, usage)
    return sendPdf(
      response,
      `年間ご利用明細_${props.usage!.title}.pdf`,
      await yearlyUsagePdf(props)
    )
  }
}
