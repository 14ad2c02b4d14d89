import type { HttpContext } from '@adonisjs/core/http'
import Inquiry from '#models/inquiry'
import InquiryPolicy from '#policies/inquiry_policy'
import {
  NOT_ASSIGNABLE_MESSAGE,
  assignInquiryTo,
  changeInquiryStatus,
  replyToInquiry,
} from '#domain/workflows/inquiries'
import {
  inboxFilters,
  loadInquiryInbox,
  openInquiryThread,
} from '#domain/workflows/inquiry_inbox_query'
import { originOf } from '#domain/audit/audit_trail'
import { presentInquiryInbox, presentInquiryThread } from '#presenters/staff/inquiry_inbox'
import { pageFrom } from '#presenters/staff/pagination'
import { masksIdentityItems } from '#domain/desk/identity_masking'
import { inquiryAssignValidator, inquiryReplyValidator } from '#validators/staff/inquiry'
import { validateForm } from '#validators/validate_form'

/** お問い合わせ (operator): inbox, thread, reply (member mailed), assign, close, reopen. */
export default class InquiriesController {
  async index({ bouncer, request, inertia, auth }: HttpContext) {
    await bouncer.with(InquiryPolicy).authorize('view')
    const staff = auth.use('staff').getUserOrFail()
    const filters = inboxFilters(request.qs())
    const { inquiries, staff: assignees } = await loadInquiryInbox(
      filters,
      pageFrom(request.qs().page),
      staff.id
    )
    return inertia.render(
      'staff/inquiries/index',
      presentInquiryInbox(filters, inquiries, assignees)
    )
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.with(InquiryPolicy).authorize('view')
    const staff = ctx.auth.use('staff').getUserOrFail()
    const { inquiry, staff: assignees } = await openInquiryThread({
      inquiryId: ctx.params.id,
      staffUserId: staff.id,
      origin: originOf(ctx),
    })
    const masked = masksIdentityItems(staff.role)
    return ctx.inertia.render(
      'staff/inquiries/show',
      presentInquiryThread(inquiry, assignees, masked)
    )
  }

  async reply(ctx: HttpContext) {
    await ctx.bouncer.with(InquiryPolicy).authorize('reply')
    const inquiry = await Inquiry.findOrFail(ctx.params.id)
    const { body } = await validateForm(ctx, inquiryReplyValidator)
    const staff = ctx.auth.use('staff').getUserOrFail()
    const { mailed } = await replyToInquiry({
      inquiry,
      staffId: staff.id,
      body,
      origin: originOf(ctx),
    })
    ctx.session.flash(
      'success',
      mailed
        ? '回答を送信しました。組合員に回答がある旨をメールでお知らせしました。'
        : '回答を送信しました。組合員のメールアドレスが未登録のため、メールは送信していません。'
    )
    return ctx.response.redirect().toRoute('staff.inquiries.show', { id: inquiry.id })
  }

  async assign(ctx: HttpContext) {
    await ctx.bouncer.with(InquiryPolicy).authorize('assign')
    const inquiry = await Inquiry.findOrFail(ctx.params.id)
    const { assignee } = await validateForm(ctx, inquiryAssignValidator)
    const actorId = ctx.auth.use('staff').getUserOrFail().id
    const outcome = await assignInquiryTo({ inquiry, actorId, assignee })
    if (outcome.status === 'not_assignable') {
      ctx.session.flashErrors({ assignee: NOT_ASSIGNABLE_MESSAGE })
    } else {
      ctx.session.flash(
        'success',
        outcome.staffId ? '担当者を設定しました。' : '担当者を外しました。'
      )
    }
    return ctx.response.redirect().toRoute('staff.inquiries.show', { id: inquiry.id })
  }

  async close(ctx: HttpContext) {
    return this.changeStatus(ctx, 'close')
  }

  async reopen(ctx: HttpContext) {
    return this.changeStatus(ctx, 'reopen')
  }

  private async changeStatus(ctx: HttpContext, change: 'close' | 'reopen') {
    await ctx.bouncer.with(InquiryPolicy).authorize('changeStatus')
    const inquiry = await Inquiry.findOrFail(ctx.params.id)
    const changed = await changeInquiryStatus(inquiry.id, change)
    if (!changed) {
      ctx.session.flash(
        'error',
        change === 'close'
          ? 'このお問い合わせはすでに完了になっています。'
          : 'このお問い合わせは完了になっていないため、再開できません。'
      )
    } else {
      ctx.session.flash(
        'success',
        change === 'close' ? 'お問い合わせを完了にしました。' : 'お問い合わせを再開しました。'
      )
    }
    return ctx.response.redirect().toRoute('staff.inquiries.show', { id: inquiry.id })
  }
}
