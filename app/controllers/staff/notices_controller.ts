import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import Notice from '#models/notice'
import NoticePolicy from '#policies/notice_policy'
import {
  createNotice,
  listNotices,
  noticeWindowProblem,
  setNoticePublished,
  updateNotice,
  type NoticeActor,
  type NoticeInput,
} from '#domain/workflows/notices'
import { originOf } from '#domain/audit/audit_trail'
import { presentNoticeForm, presentNoticeList } from '#presenters/staff/notices'
import { noticeValidator } from '#validators/staff/notice'
import { typedInput, validateForm } from '#validators/validate_form'

/** お知らせ (clerk): list, create, edit, publication window, publish / unpublish. */
export default class NoticesController {
  async index({ bouncer, inertia }: HttpContext) {
    await bouncer.with(NoticePolicy).authorize('view')
    return inertia.render('staff/notices/index', presentNoticeList(await listNotices()))
  }

  async create({ bouncer, inertia }: HttpContext) {
    await bouncer.with(NoticePolicy).authorize('edit')
    return inertia.render('staff/notices/form', presentNoticeForm(null))
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with(NoticePolicy).authorize('edit')
    const input = await this.validated(ctx)
    if (!input) return ctx.response.redirect().toRoute('staff.notices.new')
    await createNotice({ values: input, actor: actorOf(ctx) })
    ctx.session.flash('success', 'お知らせを登録しました。')
    return ctx.response.redirect().toRoute('staff.notices.index')
  }

  async edit({ bouncer, params, inertia }: HttpContext) {
    await bouncer.with(NoticePolicy).authorize('edit')
    const notice = await Notice.findOrFail(params.id)
    return inertia.render('staff/notices/form', presentNoticeForm(notice))
  }

  async update(ctx: HttpContext) {
    await ctx.bouncer.with(NoticePolicy).authorize('edit')
    const notice = await Notice.findOrFail(ctx.params.id)
    const input = await this.validated(ctx)
    if (!input) return ctx.response.redirect().toRoute('staff.notices.edit', { id: notice.id })
    await updateNotice({ notice, values: input, actor: actorOf(ctx) })
    ctx.session.flash('success', 'お知らせを更新しました。')
    return ctx.response.redirect().toRoute('staff.notices.index')
  }

  async publish(ctx: HttpContext) {
    return this.setPublished(ctx, true)
  }

  async unpublish(ctx: HttpContext) {
    return this.setPublished(ctx, false)
  }

  private async setPublished(ctx: HttpContext, published: boolean) {
    await ctx.bouncer.with(NoticePolicy).authorize('edit')
    const notice = await Notice.findOrFail(ctx.params.id)
    await setNoticePublished({ notice, published, actor: actorOf(ctx) })
    ctx.session.flash(
      'success',
      published
        ? `「${notice.title}」を公開にしました（掲載期間内に表示されます）。`
        : `「${notice.title}」を非公開にしました。`
    )
    return ctx.response.redirect().toRoute('staff.notices.index')
  }

  /** Validated input, or null after flashing the window problem. */
  private async validated(ctx: HttpContext): Promise<NoticeInput | null> {
    const input = await validateForm(ctx, noticeValidator)
    const values: NoticeInput = {
      title: input.title,
      body: input.body,
      publishedFrom: DateTime.fromISO(input.publishedFrom, { zone: 'utc' }),
      publishedUntil: input.publishedUntil
        ? DateTime.fromISO(input.publishedUntil, { zone: 'utc' })
        : null,
      isPublished: input.isPublished ?? false,
    }
    const problem = noticeWindowProblem(values)
    if (problem) {
      ctx.session.flash('old', typedInput(ctx))
      ctx.session.flashErrors({ publishedUntil: problem })
      return null
    }
    return values
  }
}

function actorOf(ctx: HttpContext): NoticeActor {
  return { staffId: ctx.auth.use('staff').getUserOrFail().id, origin: originOf(ctx) }
}
