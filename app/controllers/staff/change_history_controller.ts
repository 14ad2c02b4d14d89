import type { HttpContext } from '@adonisjs/core/http'
import ChangeHistoryPolicy from '#policies/change_history_policy'
import { exportChangeHistory, previewChangeHistory } from '#domain/audit/change_history'
import { originOf } from '#domain/audit/audit_trail'
import { todayInJapan } from '#domain/common/clock'
import { csvEncodingFrom } from '#documents/csv'
import { sendCsvExport } from '#documents/csv_export'
import { changeHistoryRangeValidator } from '#validators/staff/change_history'
import { presentChangeHistory } from '#presenters/staff/change_history'

/** 変更履歴出力 (clerk): members' profile changes between two Japan dates, as CSV. */
export default class ChangeHistoryController {
  async show({ bouncer, request, inertia }: HttpContext) {
    await bouncer.with(ChangeHistoryPolicy).authorize('export')
    const qs = request.qs()
    // Nothing is checked (nor counted) until a date is given.
    const asked = qs.from !== undefined || qs.to !== undefined
    const [error, input] = (asked ? await changeHistoryRangeValidator.tryValidate(qs) : null) ?? [
      null,
      null,
    ]
    const preview = input ? await previewChangeHistory(input) : null
    const today = todayInJapan()
    const errors = error?.messages ?? null
    return inertia.render(
      'staff/change_history',
      presentChangeHistory({ qs, today, errors, input, preview })
    )
  }

  async download(ctx: HttpContext) {
    await ctx.bouncer.with(ChangeHistoryPolicy).authorize('export')
    const [error, input] = await changeHistoryRangeValidator.tryValidate(ctx.request.qs())
    const outcome = error
      ? null
      : await exportChangeHistory({
          from: input.from,
          to: input.to,
          encoding: csvEncodingFrom(ctx.request.qs().encoding),
          staffUserId: ctx.auth.use('staff').getUserOrFail().id,
          origin: originOf(ctx),
        })
    if (!outcome || outcome.status === 'refused') {
      ctx.session.flash('error', '期間を正しく指定してから出力してください。')
      return ctx.response.redirect().toRoute('staff.change_history.show')
    }
    return sendCsvExport(ctx.response, outcome.file)
  }
}
