import type { HttpContext } from '@adonisjs/core/http'
import { Duration } from 'luxon'
import Member from '#models/member'
import PhoneDeskPolicy from '#policies/phone_desk_policy'
import {
  deskActionValidator,
  deskSearchValidator,
  identityCheckValidator,
} from '#validators/staff/phone_desk'
import { matchIdentity, type IdentityItem, type ItemResult } from '#domain/desk/identity_matching'
import {
  consumeReveal,
  FAILED_CHECKS_ALLOWED,
  FAILED_CHECKS_BLOCK_MINUTES,
  claimIdentityCheck,
  settleIdentityCheck,
  forgetVerification,
  initialPasswordToRead,
  reissueInitialPassword,
  rememberVerification,
  unblockAccount,
  verificationFor,
  type DeskVerification,
} from '#domain/desk/phone_desk'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { resendRegistrationMail } from '#domain/members/registration'
import { RESET_REQUESTS_PER_EMAIL, sendResetGuidance } from '#domain/auth/password_reset'
import { TOKEN_LIFETIME } from '#domain/auth/one_time_tokens'
import { COOP } from '#domain/common/coop'
import { readMailHistoryAtDesk, resendableMails } from '#domain/mail/delivery_history'
import { presentMailHistory } from '#presenters/staff/mail_history'
import { searchMembers } from '#domain/members/member_search'
import { letterFor } from '#domain/desk/guide_letters'
import { guideLettersPdf } from '#documents/guide_letters'
import { sendPdf } from '#documents/download'
import {
  presentDeskMember,
  presentDeskReveal,
  type DeskSearchProps,
} from '#presenters/staff/phone_desk'
import { presentMemberRow } from '#presenters/staff/members'
import { presentPagination } from '#presenters/staff/pagination'
import type { AuditAction } from '#domain/audit/audit_actions'
import { routeUrl } from '#services/named_routes'

async function findMember(id: string) {
  return Member.query()
    .where('id', Number(id) || 0)
    .preload('account')
    .preload('affiliation')
    .firstOrFail()
}

const RESET_LINK_MINUTES = Duration.fromDurationLike(TOKEN_LIFETIME.password_reset).as('minutes')

const deskUrl = (member: Member) => routeUrl('staff.phone_desk.show', { id: member.id })

/**
 * The phone desk (電話対応): search the caller, check what they state, then (for a short while,
 * for that member only) the audited actions. Every action re-checks the verification.
 */
export default class PhoneDeskController {
  async index({ request, inertia, bouncer }: HttpContext) {
    await bouncer.with(PhoneDeskPolicy).authorize('use')
    const { q, page } = await deskSearchValidator.validate(request.qs())
    const paginator = q ? await searchMembers({ q }, page ?? 1, 10) : null
    return inertia.render('staff/phone_desk/index', {
      q: q ?? '',
      searched: Boolean(q),
      members: paginator
        ? paginator.rows.map((member) => {
            const row = presentMemberRow(member, true)
            return {
              id: row.id,
              memberNumber: row.memberNumber,
              name: row.name,
              nameKana: row.nameKana,
              registrationLabel: row.registrationLabel,
              locked: row.locked,
            }
          })
        : [],
      pagination: paginator
        ? presentPagination(paginator, routeUrl('staff.phone_desk.index'), { q })
        : null,
    } satisfies DeskSearchProps)
  }

  async show(ctx: HttpContext) {
    const { params, inertia, bouncer, session } = ctx
    await bouncer.with(PhoneDeskPolicy).authorize('use')
    const member = await findMember(params.id)
    inertia.clearHistory()
    const lastCheck =
      (session.flashMessages.get('identityCheck') as Record<IdentityItem, ItemResult> | null) ??
      null
    const verification = verificationFor(session, member.id)
    // The mail history is shown, and audited as a read, only once the caller is verified.
    const mails = verification ? await this.mailHistory(ctx, member, verification) : null
    return inertia.render(
      'staff/phone_desk/member',
      presentDeskMember(member, verification, lastCheck, mails)
    )
  }

  private async mailHistory(ctx: HttpContext, member: Member, verification: DeskVerification) {
    const records = await readMailHistoryAtDesk({
      member,
      staffUserId: ctx.auth.use('staff').user!.id,
      matched: verification.matched,
      origin: originOf(ctx),
    })
    return presentMailHistory(records, resendableMails(member))
  }

  async verify(ctx: HttpContext) {
    const { params, request, response, bouncer, session } = ctx
    await bouncer.with(PhoneDeskPolicy).authorize('use')
    const member = await findMember(params.id)
    const stated = await request.validateUsing(identityCheckValidator)
    const staffUserId = ctx.auth.use('staff').user!.id
    if (!(await claimIdentityCheck(staffUserId, member.id))) {
      forgetVerification(session)
      session.flash('old', stated)
      session.flash(
        'error',
        `照合の失敗が${FAILED_CHECKS_ALLOWED}回続いたため、この組合員の本人確認は${FAILED_CHECKS_BLOCK_MINUTES}分間できません。必要な場合は管理者にご相談ください。`
      )
      return response.redirect(deskUrl(member))
    }
    const check = matchIdentity(stated, {
      memberNumber: member.memberNumber,
      name: member.name,
      nameKana: member.nameKana,
      birthDate: member.birthDate,
      phone: member.phone,
      postalCode: member.postalCode,
      affiliationCode: member.affiliation?.code ?? null,
      affiliationName: member.affiliation?.name ?? null,
    })
    const given = Object.entries(check.items)
      .filter(([, result]) => result !== 'not_given')
      .map(([item]) => item)
    await recordAudit({
      action: 'staff.phone_desk.verify',
      outcome: check.verified ? 'success' : 'failure',
      actorType: 'staff',
      staffUserId,
      memberId: member.id,
      origin: originOf(ctx),
      details: {
        matched: check.matched,
        unmatched: given.filter((item) => !check.matched.includes(item as IdentityItem)),
      },
    })

    await settleIdentityCheck(staffUserId, member.id, check.verified)
    session.flash('identityCheck', check.items)
    session.flash('old', stated)
    if (check.verified) {
      rememberVerification(session, member.id, check.matched)
      session.flash('success', '本人確認ができました。操作を選んでください。')
    } else {
      forgetVerification(session)
      session.flash(
        'error',
        '本人確認ができませんでした。組合員番号または氏名、生年月日、さらにもう1項目が一致する必要があります。'
      )
    }
    return response.redirect(deskUrl(member))
  }

  /** Common gate of the unlocked actions: policy, member, verification, reason. */
  private async unlocked(ctx: HttpContext) {
    await ctx.bouncer.with(PhoneDeskPolicy).authorize('use')
    const member = await findMember(ctx.params.id)
    const verification = verificationFor(ctx.session, member.id)
    if (!verification) {
      ctx.session.flash(
        'error',
        '本人確認の有効時間が過ぎたか、まだ本人確認をしていません。もう一度本人確認をしてください。'
      )
      return { member, verification: null, action: null }
    }
    const action = await ctx.request.validateUsing(deskActionValidator)
    return { member, verification, action }
  }

  private audit(
    ctx: HttpContext,
    member: Member,
    verification: DeskVerification,
    action: AuditAction,
    reason: { reason: string; note?: string },
    outcome: 'success' | 'failure' = 'success'
  ) {
    return recordAudit({
      action,
      outcome,
      actorType: 'staff',
      staffUserId: ctx.auth.use('staff').user!.id,
      memberId: member.id,
      memberAccountId: member.account?.id ?? null,
      origin: originOf(ctx),
      details: { matched: verification.matched, reason: reason.reason, note: reason.note ?? null },
    })
  }

  /** The hourly reveal limit; audited when reached. Returns true when the reveal may go on. */
  private async withinRevealLimit(
    ctx: HttpContext,
    member: Member,
    verification: DeskVerification,
    reason: { reason: string; note?: string }
  ) {
    const waitSeconds = await consumeReveal(ctx.auth.use('staff').user!.id)
    if (waitSeconds === null) return true
    await this.audit(ctx, member, verification, 'staff.phone_desk.rate_limited', reason, 'failure')
    ctx.session.flash(
      'error',
      `表示の上限（1時間に30回）に達しました。約${Math.ceil(waitSeconds / 60)}分後に再度お試しいただくか、管理者にご相談ください。`
    )
    return false
  }

  /**
   * A revealed value is never cached, and Inertia keeps it in the browser history only encrypted
   * (the desk page rotates that key, so Back cannot show it again).
   */
  private noStore(ctx: HttpContext) {
    ctx.response.header('Cache-Control', 'no-store, max-age=0')
    ctx.response.header('Pragma', 'no-cache')
    ctx.inertia.encryptHistory()
  }

  async revealInitialPassword(ctx: HttpContext) {
    const { member, verification, action } = await this.unlocked(ctx)
    if (!verification || !action) return ctx.response.redirect(deskUrl(member))

    const account = member.account ?? null
    if (account?.isRegistered) {
      ctx.session.flash(
        'error',
        'この組合員はログイン登録が済んでいるため、初期パスワードは使えません。ログイン画面の「パスワードをお忘れの方」からパスワードを再設定するようご案内ください。'
      )
      return ctx.response.redirect(deskUrl(member))
    }
    if (!(await this.withinRevealLimit(ctx, member, verification, action))) {
      return ctx.response.redirect(deskUrl(member))
    }
    const reveal = await initialPasswordToRead(member, account)
    if (reveal.kind !== 'shown') {
      ctx.session.flash(
        'error',
        '有効な初期パスワードがありません。初期パスワードを再発行してください。'
      )
      return ctx.response.redirect(deskUrl(member))
    }
    await this.audit(ctx, member, verification, 'staff.phone_desk.reveal_initial_password', action)
    ctx.logger.info(
      { memberId: member.id, staffUserId: ctx.auth.use('staff').user!.id },
      'phone desk: initial password shown'
    )
    this.noStore(ctx)
    return ctx.inertia.render(
      'staff/phone_desk/reveal',
      presentDeskReveal(member, 'initialPassword', reveal.grouped)
    )
  }

  async revealEmail(ctx: HttpContext) {
    const { member, verification, action } = await this.unlocked(ctx)
    if (!verification || !action) return ctx.response.redirect(deskUrl(member))

    const email = member.account?.isRegistered ? member.account.email : null
    if (!email) {
      ctx.session.flash(
        'error',
        'この組合員はまだログイン登録をしていないため、登録済みのメールアドレスはありません。'
      )
      return ctx.response.redirect(deskUrl(member))
    }
    if (!(await this.withinRevealLimit(ctx, member, verification, action))) {
      return ctx.response.redirect(deskUrl(member))
    }
    await this.audit(ctx, member, verification, 'staff.phone_desk.reveal_email', action)
    ctx.logger.info(
      { memberId: member.id, staffUserId: ctx.auth.use('staff').user!.id },
      'phone desk: registered e-mail shown'
    )
    this.noStore(ctx)
    return ctx.inertia.render('staff/phone_desk/reveal', presentDeskReveal(member, 'email', email))
  }

  /** Re-issues the initial password and answers with the new guide letter (PDF). */
  async reissue(ctx: HttpContext) {
    const { member, verification, action } = await this.unlocked(ctx)
    if (!verification || !action) return ctx.response.redirect(deskUrl(member))
    if (!(await this.withinRevealLimit(ctx, member, verification, action))) {
      return ctx.response.redirect(deskUrl(member))
    }
    const staff = ctx.auth.use('staff').user!
    const result = await reissueInitialPassword(member, member.account ?? null, staff.id)
    if (!result.ok) {
      ctx.session.flash(
        'error',
        'この組合員はログイン登録が済んでいるため、初期パスワードは再発行できません。「パスワードをお忘れの方」からの再設定をご案内ください。'
      )
      return ctx.response.redirect(deskUrl(member))
    }
    await this.audit(ctx, member, verification, 'staff.phone_desk.reissue_initial_password', action)
    ctx.logger.info(
      { memberId: member.id, staffUserId: staff.id },
      'phone desk: initial password re-issued'
    )
    const pdf = await guideLettersPdf([letterFor(member, result.value)])
    return sendPdf(ctx.response, `ログイン登録のご案内_${member.memberNumber}.pdf`, pdf)
  }

  async unblock(ctx: HttpContext) {
    const { member, verification, action } = await this.unlocked(ctx)
    if (!verification || !action) return ctx.response.redirect(deskUrl(member))
    if (!(await unblockAccount(member.account ?? null))) {
      ctx.session.flash('error', 'このアカウントはロックされていません。')
      return ctx.response.redirect(deskUrl(member))
    }
    await this.audit(ctx, member, verification, 'staff.phone_desk.unblock', action)
    ctx.session.flash('success', 'アカウントのロックを解除しました。すぐにログインできます。')
    return ctx.response.redirect(deskUrl(member))
  }

  /**
   * A member who started log-in registration but never got (or lost) the confirmation mail:
   * a fresh link goes to the address they entered, and the old link stops working.
   */
  async resendRegistrationMail(ctx: HttpContext) {
    const { member, verification, action } = await this.unlocked(ctx)
    if (!verification || !action) return ctx.response.redirect(deskUrl(member))
    const result = await resendRegistrationMail(member.id)
    if (!result.ok) {
      ctx.session.flash(
        'error',
        'この組合員には確認待ちのログイン登録がありません。組合員番号と初期パスワードから、ログイン登録をやり直すようご案内ください。'
      )
      return ctx.response.redirect(deskUrl(member))
    }
    await this.audit(ctx, member, verification, 'staff.phone_desk.resend_registration_mail', action)
    ctx.session.flash(
      'success',
      'ログイン登録の確認メールを再送しました。届いたメールのURLを24時間以内に開くようご案内ください（以前のURLは使えなくなりました）。迷惑メールフォルダや、kmypage.jp からのメールの受信設定もご確認いただくようお伝えください。'
    )
    return ctx.response.redirect(deskUrl(member))
  }

  /**
   * A registered member whose reset mail never came (or who cannot log in): a fresh reset URL
   * goes to the registered address, under the public reset's rules and the desk's hourly limit.
   */
  async sendResetMail(ctx: HttpContext) {
    const { member, verification, action } = await this.unlocked(ctx)
    if (!verification || !action) return ctx.response.redirect(deskUrl(member))
    if (!member.account?.isRegistered) {
      ctx.session.flash(
        'error',
        'この組合員はまだログイン登録をしていないため、パスワード再設定のご案内は送れません。'
      )
      return ctx.response.redirect(deskUrl(member))
    }
    if (!(await this.withinRevealLimit(ctx, member, verification, action))) {
      return ctx.response.redirect(deskUrl(member))
    }
    const result = await sendResetGuidance(member.id)
    if (!result.ok) {
      if (result.reason === 'throttled') {
        await this.audit(
          ctx,
          member,
          verification,
          'staff.phone_desk.send_reset_mail',
          action,
          'failure'
        )
      }
      ctx.session.flash(
        'error',
        result.reason === 'throttled'
          ? `このメールアドレスへのパスワード再設定のご案内は、1時間に${RESET_REQUESTS_PER_EMAIL}回までです。約${Math.ceil(result.retryAfterSeconds / 60)}分後に再度お試しください。`
          : result.reason === 'withdrawn'
            ? '脱退によりマイページの利用が終了しているため、パスワード再設定のご案内は送れません。'
            : 'この組合員はまだログイン登録をしていないため、パスワード再設定のご案内は送れません。'
      )
      return ctx.response.redirect(deskUrl(member))
    }
    await this.audit(ctx, member, verification, 'staff.phone_desk.send_reset_mail', action)
    ctx.session.flash(
      'success',
      `パスワード再設定のご案内を、登録済みのメールアドレスあてに送信しました。メールのURLは${RESET_LINK_MINUTES}分間有効です（1回限り）。迷惑メールフォルダや、${COOP.mailDomain} からのメールの受信設定もご確認いただくようお伝えください。`
    )
    return ctx.response.redirect(deskUrl(member))
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
}
