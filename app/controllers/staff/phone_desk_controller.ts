import type { HttpContext } from '@adonisjs/core/http'
import type Member from '#models/member'
import PhoneDeskPolicy from '#policies/phone_desk_policy'
import {
  deskActionValidator,
  deskSearchValidator,
  identityCheckValidator,
} from '#validators/staff/phone_desk'
import type { IdentityItem, ItemResult } from '#domain/desk/identity_matching'
import {
  DESK_RESULTS_PER_PAGE,
  deskMemberById,
  forgetVerification,
  type DeskActionInput,
} from '#domain/desk/phone_desk'
import { checkCallerIdentity } from '#domain/desk/check_caller_identity'
import { readCallerMailHistory } from '#domain/desk/read_caller_mail_history'
import { revealInitialPassword } from '#domain/desk/reveal_initial_password'
import { revealRegisteredEmail } from '#domain/desk/reveal_registered_email'
import { reissueInitialPassword } from '#domain/desk/reissue_initial_password'
import { unblockAccountAtDesk } from '#domain/desk/unblock_account_at_desk'
import { resendRegistrationMailAtDesk } from '#domain/desk/resend_registration_mail_at_desk'
import { sendResetGuidanceAtDesk } from '#domain/desk/send_reset_guidance_at_desk'
import { originOf } from '#domain/audit/audit_trail'
import { searchMembers } from '#domain/members/member_search'
import { guideLettersPdf } from '#documents/guide_letters'
import { sendPdf } from '#documents/download'
import {
  emailRevealNotice,
  identityCheckNotice,
  initialPasswordRevealNotice,
  presentDeskMember,
  presentDeskReveal,
  presentDeskSearch,
  registrationMailNotice,
  reissueNotice,
  resetGuidanceNotice,
  unblockNotice,
  type DeskNotice,
  type DeskRevealProps,
} from '#presenters/staff/phone_desk'
import { routeUrl } from '#services/named_routes'

/**
 * The phone desk (電話対応): search the caller, check what they state, then (for a short while,
 * for that member only) the audited actions. Each action is one file of app/domain/desk, which
 * re-checks the verification.
 */
export default class PhoneDeskController {
  async index({ request, inertia, bouncer }: HttpContext) {
    await bouncer.with(PhoneDeskPolicy).authorize('use')
    const { q, page } = await deskSearchValidator.validate(request.qs())
    const paginator = q ? await searchMembers({ q }, page ?? 1, DESK_RESULTS_PER_PAGE) : null
    return inertia.render('staff/phone_desk/index', presentDeskSearch(q, paginator))
  }

  async show(ctx: HttpContext) {
    await ctx.bouncer.with(PhoneDeskPolicy).authorize('use')
    const member = await deskMemberById(ctx.params.id)
    ctx.inertia.clearHistory()
    const lastCheck: Record<IdentityItem, ItemResult> | null =
      ctx.session.flashMessages.get('identityCheck') ?? null
    const history = await readCallerMailHistory({
      ...this.operator(ctx),
      member,
      session: ctx.session,
    })
    return ctx.inertia.render(
      'staff/phone_desk/member',
      presentDeskMember(member, history, lastCheck)
    )
  }

  async verify(ctx: HttpContext) {
    await ctx.bouncer.with(PhoneDeskPolicy).authorize('use')
    const member = await deskMemberById(ctx.params.id)
    const stated = await ctx.request.validateUsing(identityCheckValidator)
    const outcome = await checkCallerIdentity({
      ...this.operator(ctx),
      member,
      stated,
      session: ctx.session,
    })
    if (outcome.status !== 'blocked') ctx.session.flash('identityCheck', outcome.items)
    ctx.session.flash('old', stated)
    return this.backToDesk(ctx, member, identityCheckNotice(outcome))
  }

  async revealInitialPassword(ctx: HttpContext) {
    const input = await this.deskAction(ctx)
    const outcome = await revealInitialPassword(input)
    if (outcome.status !== 'revealed') {
      return this.backToDesk(ctx, input.member, initialPasswordRevealNotice(outcome))
    }
    this.logShown(ctx, input, 'phone desk: initial password shown')
    return this.showOnce(ctx, presentDeskReveal(input.member, 'initialPassword', outcome.grouped))
  }

  async revealEmail(ctx: HttpContext) {
    const input = await this.deskAction(ctx)
    const outcome = await revealRegisteredEmail(input)
    if (outcome.status !== 'revealed') {
      return this.backToDesk(ctx, input.member, emailRevealNotice(outcome))
    }
    this.logShown(ctx, input, 'phone desk: registered e-mail shown')
    return this.showOnce(ctx, presentDeskReveal(input.member, 'email', outcome.email))
  }

  /** Re-issues the initial password and answers with the new guide letter (PDF). */
  async reissue(ctx: HttpContext) {
    const input = await this.deskAction(ctx)
    const outcome = await reissueInitialPassword(input)
    if (outcome.status !== 'reissued') {
      return this.backToDesk(ctx, input.member, reissueNotice(outcome))
    }
    this.logShown(ctx, input, 'phone desk: initial password re-issued')
    const pdf = await guideLettersPdf([outcome.letter])
    return sendPdf(ctx.response, `ログイン登録のご案内_${input.member.memberNumber}.pdf`, pdf)
  }

  async unblock(ctx: HttpContext) {
    const input = await this.deskAction(ctx)
    return this.backToDesk(ctx, input.member, unblockNotice(await unblockAccountAtDesk(input)))
  }

  async resendRegistrationMail(ctx: HttpContext) {
    const input = await this.deskAction(ctx)
    const outcome = await resendRegistrationMailAtDesk(input)
    return this.backToDesk(ctx, input.member, registrationMailNotice(outcome))
  }

  async sendResetMail(ctx: HttpContext) {
    const input = await this.deskAction(ctx)
    const outcome = await sendResetGuidanceAtDesk(input)
    return this.backToDesk(ctx, input.member, resetGuidanceNotice(outcome))
  }

  /** Ends the call: the verification is forgotten at once. */
  async end({ response, session, bouncer }: HttpContext) {
    await bouncer.with(PhoneDeskPolicy).authorize('use')
    forgetVerification(session)
    session.flash('success', '通話を終了しました。本人確認の記録は消去されました。')
    return response.redirect().toRoute('staff.phone_desk.index')
  }

  /** A reveal URL opened again (reload, history): back to the member, nothing shown. */
  async revealAgain({ params, response, bouncer }: HttpContext) {
    await bouncer.with(PhoneDeskPolicy).authorize('use')
    return response.redirect().toRoute('staff.phone_desk.show', { id: Number(params.id) || 0 })
  }

  private operator(ctx: HttpContext) {
    return { staffUserId: ctx.auth.use('staff').user!.id, origin: originOf(ctx) }
  }

  /** What every unlocked action is given: the member and the reason the operator chose. */
  private async deskAction(ctx: HttpContext): Promise<DeskActionInput> {
    await ctx.bouncer.with(PhoneDeskPolicy).authorize('use')
    const member = await deskMemberById(ctx.params.id)
    const reason = await ctx.request.validateUsing(deskActionValidator)
    return { ...this.operator(ctx), member, reason, session: ctx.session }
  }

  private backToDesk(ctx: HttpContext, member: Member, notice: DeskNotice) {
    ctx.session.flash(notice.type, notice.message)
    return ctx.response.redirect(routeUrl('staff.phone_desk.show', { id: member.id }))
  }

  /** Who was shown which member's secret, never the secret itself. */
  private logShown(ctx: HttpContext, input: DeskActionInput, message: string) {
    ctx.logger.info({ memberId: input.member.id, staffUserId: input.staffUserId }, message)
  }

  /**
   * A revealed value is never cached, and Inertia keeps it in the browser history only encrypted
   * (the desk page rotates that key, so Back cannot show it again).
   */
  private showOnce(ctx: HttpContext, props: DeskRevealProps) {
    ctx.response.header('Cache-Control', 'no-store, max-age=0')
    ctx.response.header('Pragma', 'no-cache')
    ctx.inertia.encryptHistory()
    return ctx.inertia.render('staff/phone_desk/reveal', props)
  }
}
