import type { HttpContext } from '@adonisjs/core/http'
import GuideLetterPolicy from '#policies/guide_letter_policy'
import {
  guideLetterPreviewValidator,
  guideLetterRangeValidator,
} from '#validators/staff/guide_letters'
import {
  countLettersIssuedBetween,
  lettersIssuedBetween,
  MAX_LETTERS_PER_BATCH,
} from '#domain/desk/guide_letters'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { todayInJapan } from '#domain/common/clock'
import { formatJapaneseDate } from '#domain/common/formatting'
import { guideLettersPdf } from '#documents/guide_letters'
import { sendPdf } from '#documents/download'
import { DateTime } from 'luxon'
import type { GuideLettersProps } from '#presenters/staff/guide_letters'
import { routeUrl } from '#services/named_routes'

/** Log-in guide letters in a batch: every member issued an initial password in a date range. */
export default class GuideLettersController {
  async index({ request, inertia, bouncer }: HttpContext) {
    await bouncer.with(GuideLetterPolicy).authorize('print')
    const { from, to } = await guideLetterPreviewValidator.validate(request.qs())
    const today = todayInJapan().toISODate()!
    const raw = request.qs()
    const count = from && to ? await countLettersIssuedBetween(from, to) : null
    return inertia.render('staff/guide_letters/index', {
      from: raw.from ?? today,
      to: raw.to ?? today,
      count,
      rangeLabel:
        from && to
          ? `${formatJapaneseDate(DateTime.fromISO(from))}〜${formatJapaneseDate(DateTime.fromISO(to))}`
          : null,
      maxLetters: MAX_LETTERS_PER_BATCH,
    } satisfies GuideLettersProps)
  }

  async download(ctx: HttpContext) {
    const { request, response, bouncer } = ctx
    await bouncer.with(GuideLetterPolicy).authorize('print')
    const { from, to } = await request.validateUsing(guideLetterRangeValidator)
    if (from > to) {
      return backToForm(ctx, '発行日の開始は終了より前の日付を入力してください。')
    }
    const letters = await lettersIssuedBetween(from, to)
    if (letters.length === 0) {
      const message = 'この期間に初期パスワードを発行した未登録の組合員はいません。'
      return backToForm(ctx, message, `?from=${from}&to=${to}`)
    }
    await recordAudit({
      action: 'staff.guide_letters.print',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: ctx.auth.use('staff').user!.id,
      origin: originOf(ctx),
      details: { count: letters.length, from, to },
    })
    const pdf = await guideLettersPdf(letters)
    return sendPdf(response, `ログイン登録のご案内_${from}_${to}.pdf`, pdf)
  }
}

/** A refused batch: the form again, with the dates as typed. */
function backToForm({ request, response, session }: HttpContext, error: string, search = '') {
  session.flash('error', error)
  session.flash('old', { from: request.input('from'), to: request.input('to') })
  return response.redirect(`${routeUrl('staff.guide_letters.index')}${search}`)
}
