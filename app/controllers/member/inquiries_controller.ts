import type { HttpContext } from '@adonisjs/core/http'
import { validateForm } from '#validators/validate_form'
import { inquiryMessageValidator, newInquiryValidator } from '#validators/member/inquiry'
import { addMemberMessage, openInquiry } from '#domain/workflows/inquiries'
import {
  inquiryCategoryOptions,
  presentMemberInquiry,
  presentMemberMessage,
  type MemberInquiryListProps,
  type MemberInquiryProps,
  type NewInquiryProps,
} from '#presenters/common/inquiries'
import { findOwnInquiry, findOwnInquiryThread, ownInquiries } from '#domain/workflows/own_inquiries'

/** 連絡・お問い合わせ: the member's own threads only; another member's thread answers 404. */
export default class InquiriesController {
  async index({ auth, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const inquiries = await ownInquiries(account.memberId)
    return inertia.render('member/inquiries/index', {
      inquiries: inquiries.map(presentMemberInquiry),
    } satisfies MemberInquiryListProps)
  }

  async create({ inertia }: HttpContext) {
    return inertia.render('member/inquiries/new', {
      categories: inquiryCategoryOptions(),
    } satisfies NewInquiryProps)
  }

  async store(ctx: HttpContext) {
    const account = ctx.auth.use('member').getUserOrFail()
    const input = await validateForm(ctx, newInquiryValidator)
    const inquiry = await openInquiry(account.memberId, input)
    ctx.session.flash(
      'success',
      'お問い合わせを送信しました。回答はこのページに掲載し、掲載したときはメールでお知らせします。'
    )
    return ctx.response.redirect().toRoute('member.inquiries.show', { id: inquiry.id })
  }

  async show({ auth, params, inertia }: HttpContext) {
    const account = auth.use('member').getUserOrFail()
    const inquiry = await findOwnInquiryThread(account.memberId, params.id)
    return inertia.render('member/inquiries/show', {
      inquiry: presentMemberInquiry(inquiry),
      messages: inquiry.messages.map(presentMemberMessage),
    } satisfies MemberInquiryProps)
  }

  async storeMessage(ctx: HttpContext) {
    const account = ctx.auth.use('member').getUserOrFail()
    const inquiry = await findOwnInquiry(account.memberId, ctx.params.id)
    const { body } = await validateForm(ctx, inquiryMessageValidator)
    await addMemberMessage(inquiry, body)
    ctx.session.flash('success', 'メッセージを送信しました。')
    return ctx.response.redirect().toRoute('member.inquiries.show', { id: inquiry.id })
  }
}
