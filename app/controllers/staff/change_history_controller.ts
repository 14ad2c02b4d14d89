import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import ChangeHistoryPolicy from '#policies/change_history_policy'
import {
  CHANGE_HISTORY_HEADER,
  changeHistoryChunks,
  countChanges,
  rangeProblem,
  type ChangeHistoryRange,
} from '#domain/audit/change_history'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { todayInJapan } from '#domain/common/clock'
import { formatJapaneseDate } from '#domain/common/formatting'
import { csvEncodingFrom } from '#documents/csv'
import { sendCsvExport, writeCsvExport } from '#documents/csv_export'
import { changeHistoryRangeValidator } from '#validators/staff/change_history'
import type { ChangeHistoryProps } from '#presenters/staff/change_history'

/** 変更履歴出力 (clerk): members' profile changes between two Japan dates, as CSV. */
export default class ChangeHistoryController {
  async show({ bouncer, request, inertia }: HttpContext) {
    await bouncer.with(ChangeHistoryPolicy).authorize('export')
    const today = todayInJapan()
    const qs = request.qs()
    let preview: ChangeHistoryProps['preview'] = null
    let errors: Record<string, string> = {}

    if (qs.from !== undefined || qs.to !== undefined) {
      const [error, input] = await changeHistoryRangeValidator.tryValidate(qs)
      if (error) {
        errors = Object.fromEntries(
          error.messages.map((message: { field: string; message: string }) => [
            message.field,
            message.message,
          ])
        )
      } else {
        const range = rangeOf(input)
        const problem = rangeProblem(range)
        if (problem) errors = { to: problem }
        else
          preview = {
            from: input.from,
            to: input.to,
            label: `${formatJapaneseDate(range.from)}〜${formatJapaneseDate(range.to)}`,
            count: await countChanges(range),
          }
      }
    }

    return inertia.render('staff/change_history', {
      defaults: {
        from: typeof qs.from === 'string' ? qs.from : today.startOf('month').toISODate()!,
        to: typeof qs.to === 'string' ? qs.to : today.toISODate()!,
      },
      preview,
      rangeErrors: errors,
    } satisfies ChangeHistoryProps)
  }

  async download(ctx: HttpContext) {
    await ctx.bouncer.with(ChangeHistoryPolicy).authorize('export')
    const [error, input] = await changeHistoryRangeValidator.tryValidate(ctx.request.qs())
    const range = input ? rangeOf(input) : null
    if (error || !range || rangeProblem(range)) {
      ctx.session.flash('error', '期間を正しく指定してから出力してください。')
      return ctx.response.redirect().toRoute('staff.change_history.show')
    }
    const encoding = csvEncodingFrom(ctx.request.qs().encoding)
    // Written whole first: a refused Shift_JIS file is not an export.
    const file = await writeCsvExport({
      filename: `変更履歴_${input!.from.replaceAll('-', '')}-${input!.to.replaceAll('-', '')}.csv`,
      encoding,
      header: CHANGE_HISTORY_HEADER,
      chunks: changeHistoryChunks(range),
    })
    const staff = ctx.auth.use('staff').getUserOrFail()
    await recordAudit({
      action: 'staff.change_history.export',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: staff.id,
      origin: originOf(ctx),
      details: { from: input!.from, to: input!.to, rows: file.rows, encoding },
    })
    return sendCsvExport(ctx.response, file)
  }
}

function rangeOf(input: { from: string; to: string }): ChangeHistoryRange {
  return { from: DateTime.fromISO(input.from), to: DateTime.fromISO(input.to) }
}
