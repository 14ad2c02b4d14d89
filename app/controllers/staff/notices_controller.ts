import type { HttpContext } from '@adonisjs/core/http'
import Notice from '#models/notice'
import NoticePolicy from '#policies/notice_policy'
import {
  createNotice,
  listNotices,
  setNoticePublished,
  updateNotice,
  type NoticeActor,
} from '#domain/workflows/notices'
import { originOf } from '#domain/audit/audit_trail'
import { presentNoticeForm, presentNoticeList } from '#presenters/staff/notices'
import { noticeValidator } from '#validators/staff/notice'
import { typedInput, validateForm } from '#validators/validate_form'
import { routeUrl } from '#services/named_routes'

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
    const input = await validateForm(ctx, noticeValidator)
    const outcome = await createNotice({ input, actor: actorOf(ctx) })
    if (outcome.status === 'refused') {
      return backToForm(ctx, outcome.problem, routeUrl('staff.notices.new'))
    }
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
    const input = await validateForm(ctx, noticeValidator)
    const outcome = await updateNotice({ notice, input, actor: actorOf(ctx) })
    if (outcome.status === 'refused') {
      return backToForm(ctx, outcome.problem, routeUrl('staff.notices.edit', { id: notice.id }))
    }
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
}

/** A refused window: the form again, with what was typed and the problem at the end field. */
function backToForm(ctx: HttpContext, problem: string, form: string) {
  ctx.session.flash('old', typedInput(ctx))
  ctx.session.flashErrors({ publishedUntil: problem })
  return ctx.response.redirect(form)
}

function actorOf(ctx: HttpContext): NoticeActor {
  return { staffId: ctx.auth.use('staff').getUserOrFail().id, origin: originOf(ctx) }
}
