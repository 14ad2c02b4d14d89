import type { HttpContext } from '@adonisjs/core/http'
import {
  findVisibleStatement,
  visibleNeighbourMonths,
  visibleStatementMonths,
} from '#domain/statements/statement_visibility'
import {
  presentStatementDetail,
  presentStatementList,
  presentStatementNeighbours,
  STATEMENT_CSV_HEADER,
  statementCsvRows,
  type StatementPageProps,
} from '#presenters/member/statements'
import { csvEncodingFrom, sendCsv } from '#documents/csv'
import { sendPdf } from '#documents/download'
import { statementPdf } from '#documents/statement_pdf'

/** 請求明細: the member's visible billing months, one month's lines, CSV and PDF. */
export default class StatementsController {
  async index({ auth, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const months = await visibleStatementMonths(account)
    return inertia.render('member/statements/index', presentStatementList(months))
  }

  async show({ auth, inertia, params }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const statement = await findVisibleStatement(account, params.month)
    const neighbours = await visibleNeighbourMonths(account, statement.billingMonth)
    return inertia.render('member/statements/show', {
      ...presentStatementDetail(account.member, statement),
      ...presentStatementNeighbours(neighbours),
    } satisfies StatementPageProps)
  }

  async csv({ auth, params, request, response }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const statement = await findVisibleStatement(account, params.month)
    const encoding = csvEncodingFrom(request.qs().encoding)
    return sendCsv(response, {
      filename: `請求明細_${statement.billingMonth}${encoding === 'sjis' ? '_sjis' : ''}.csv`,
      encoding,
      header: STATEMENT_CSV_HEADER,
      rows: statementCsvRows(statement),
    })
  }

  async pdf({ auth, params, response }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const statement = await findVisibleStatement(account, params.month)
    const bytes = await statementPdf(presentStatementDetail(account.member, statement))
    return sendPdf(response, `請求明細_${statement.billingMonth}.pdf`, bytes)
  }
}
