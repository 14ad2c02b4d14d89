import type { HttpContext } from '@adonisjs/core/http'
import MemberPolicy from '#policies/member_policy'
import {
  memberSearchValidator,
  memberTabValidator,
  withdrawalValidator,
} from '#validators/staff/members'
import { hasSearchCriteria, searchMembers } from '#domain/members/member_search'
import { findMemberRecord, openMemberRecord } from '#domain/members/member_record_query'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { unblockAccount } from '#domain/desk/phone_desk'
import {
  cancelWithdrawalNotice,
  recordWithdrawalNotice,
  withdrawalRecordedMessage,
  WITHDRAWAL_REFUSALS,
} from '#domain/members/withdrawal_recording'
import { masksIdentityItems } from '#domain/desk/identity_masking'
import {
  presentMemberPage,
  presentMemberSearch,
  type MemberSearchProps,
} from '#presenters/staff/members'
import { routeUrl } from '#services/named_routes'

export default class MembersController {
  async index({ request, inertia, bouncer, auth }: HttpContext) {
    await bouncer.with(MemberPolicy).authorize('view')
    const masked = masksIdentityItems(auth.use('staff').user!.role)
    const filters = await memberSearchValidator.validate(request.qs())
    const criteria = {
      q: filters.q,
      birthDate: filters.birthDate,
      state: filters.state,
      locked: filters.locked === '1',
    }
    const found = hasSearchCriteria(criteria)
      ? await searchMembers(criteria, filters.page ?? 1)
      : null
    return inertia.render(
      'staff/members/index',
      presentMemberSearch({
        criteria,
        typedBirthDate: request.qs().birthDate,
        found,
        masked,
      }) satisfies MemberSearchProps
    )
  }

  async show(ctx: HttpContext) {
    const { params, request, inertia, bouncer } = ctx
    await bouncer.with(MemberPolicy).authorize('view')
    const member = await findMemberRecord(params.id)
    const { tab = 'profile' } = await memberTabValidator.validate(request.qs())
    const staff = ctx.auth.use('staff').user!
    const data = await openMemberRecord({
      member,
      tab,
      staffUserId: staff.id,
      origin: originOf(ctx),
    })
    const may = {
      unblock: await bouncer.with(MemberPolicy).allows('unblock'),
      recordWithdrawal: await bouncer.with(MemberPolicy).allows('recordWithdrawal'),
    }
    return inertia.render(
      'staff/members/show',
      presentMemberPage(member, data, may, masksIdentityItems(staff.role))
    )
  }

  async unblock(ctx: HttpContext) {
    const { params, bouncer, response, session } = ctx
    await bouncer.with(MemberPolicy).authorize('unblock')
    const member = await findMemberRecord(params.id)
    const unlocked = await unblockAccount(member.account ?? null)
    if (unlocked) {
      await recordAudit({
        action: 'staff.member.unblock',
        outcome: 'success',
        actorType: 'staff',
        staffUserId: ctx.auth.use('staff').user!.id,
        memberId: member.id,
        memberAccountId: member.account?.id ?? null,
        origin: originOf(ctx),
      })
      session.flash('success', 'アカウントのロックを解除しました。')
    } else {
      session.flash('error', 'このアカウントはロックされていません。')
    }
    return response.redirect(routeUrl('staff.members.show', { id: member.id }, { tab: 'account' }))
  }

  async recordWithdrawal(ctx: HttpContext) {
    const { params, bouncer, request, response, session } = ctx
    await bouncer.with(MemberPolicy).authorize('recordWithdrawal')
    const member = await findMemberRecord(params.id)
    const { acceptedOn } = await request.validateUsing(withdrawalValidator)
    const outcome = await recordWithdrawalNotice({
      member,
      acceptedOn,
      staffUserId: ctx.auth.use('staff').user!.id,
      origin: originOf(ctx),
    })
    if (outcome.status === 'refused') {
      session.flash('error', WITHDRAWAL_REFUSALS[outcome.reason])
      session.flash('old', { acceptedOn: request.input('acceptedOn') })
    } else {
      session.flash('success', withdrawalRecordedMessage(outcome.refundOn))
    }
    return response.redirect().toRoute('staff.members.show', { id: member.id })
  }

  async cancelWithdrawal(ctx: HttpContext) {
    const { params, bouncer, response, session } = ctx
    await bouncer.with(MemberPolicy).authorize('recordWithdrawal')
    const member = await findMemberRecord(params.id)
    const outcome = await cancelWithdrawalNotice({
      member,
      staffUserId: ctx.auth.use('staff').user!.id,
      origin: originOf(ctx),
    })
    if (outcome.status === 'refused') {
      session.flash('error', WITHDRAWAL_REFUSALS[outcome.reason])
    } else {
      session.flash('success', '脱退の登録を取り消しました。')
    }
    return response.redirect().toRoute('staff.members.show', { id: member.id })
  }
}
