import type { HttpContext } from '@adonisjs/core/http'
import Inquiry from '#models/inquiry'
import StaffUser from '#models/staff_user'
import InquiryPolicy from '#policies/inquiry_policy'
import { staffMay } from '#policies/staff_permissions'
import { assignInquiry, changeInquiryStatus, replyAsStaff } from '#domain/workflows/inquiries'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { presentInquiryInbox, presentInquiryThread } from '#presenters/staff/inquiry_inbox'
import { masksIdentityItems } from '#domain/desk/identity_masking'
import { inquiryAssignValidator, inquiryReplyValidator } from '#validators/staff/inquiry'
import { validateForm } from '#validators/validate_form'

/** お問い合わせ (operator): inbox, thread, reply (member mailed), assign, close, reopen. */
export default class InquiriesController {
  async index({ bouncer, request, inertia, auth }: HttpContext) {
    await bouncer.with(InquiryPolicy).authorize('view')
    const staff = auth.use('staff').getUserOrFail()
    return inertia.render('staff/inquiries/index', await presentInquiryInbox(request.qs(), staff))
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.with(InquiryPolicy).authorize('view')
    const inquiry = await Inquiry.findOrFail(ctx.params.id)
    // A thread holds what a member wrote about themself: opening it is an audited read.
    await recordAudit({
      action: 'staff.inquiry.view',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: ctx.auth.use('staff').getUserOrFail().id,
      memberId: inquiry.memberId,
      origin: originOf(ctx),
      details: { inquiryId: inquiry.id },
    })
    const masked = masksIdentityItems(ctx.auth.use('staff').getUserOrFail().role)
    return ctx.inertia.render('staff/inquiries/show', await presentInquiryThread(inquiry, masked))
  }

  async reply(ctx: HttpContext) {
    await ctx.bouncer.with(InquiryPolicy).authorize('reply')
    const inquiry = await Inquiry.findOrFail(ctx.params.id)
    const { body } = await validateForm(ctx, inquiryReplyValidator)
    const staff = ctx.auth.use('staff').getUserOrFail()
    const mailed = await replyAsStaff(inquiry, staff.id, body)
    await recordAudit({
      action: 'staff.inquiry.reply',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: staff.id,
      memberId: inquiry.memberId,
      origin: originOf(ctx),
      details: { inquiryId: inquiry.id },
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
    const staff = ctx.auth.use('staff').getUserOrFail()

    let staffId: number | null = null
    if (assignee === 'me') staffId = staff.id
    else if (assignee !== 'none') {
      const target = await StaffUser.find(Number(assignee))
      if (!target || !staffMay(target, 'answerInquiries')) {
        ctx.session.flashErrors({ assignee: 'お問い合わせを担当できる職員を選んでください。' })
        return ctx.response.redirect().toRoute('staff.inquiries.show', { id: inquiry.id })
      }
      staffId = target.id
    }
    await assignInquiry(inquiry, staffId)
    ctx.session.flash('success', staffId ? '担当者を設定しました。' : '担当者を外しました。')
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
