import type { HttpContext } from '@adonisjs/core/http'
import Member from '#models/member'
import MemberPolicy from '#policies/member_policy'
import {
  memberSearchValidator,
  memberTabValidator,
  withdrawalValidator,
} from '#validators/staff/members'
import { hasSearchCriteria, searchMembers } from '#domain/members/member_search'
import { originOf, recordAudit } from '#domain/audit/audit_trail'
import { unblockAccount } from '#domain/desk/phone_desk'
import {
  cancelWithdrawal,
  recordWithdrawal,
  WITHDRAWAL_REFUSALS,
} from '#domain/members/withdrawal_recording'
import { formatJapaneseDate } from '#domain/common/formatting'
import { masksIdentityItems } from '#domain/desk/identity_masking'
import {
  presentMemberPage,
  presentMemberRow,
  type MemberSearchProps,
} from '#presenters/staff/members'
import { presentPagination } from '#presenters/staff/pagination'
import { routeUrl } from '#services/named_routes'

async function findMember(id: string) {
  const member = await Member.query()
    .where('id', Number(id) || 0)
    .preload('account')
    .preload('affiliation')
    .firstOrFail()
  return member
}

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
    const searched = hasSearchCriteria(criteria)
    const paginator = searched ? await searchMembers(criteria, filters.page ?? 1) : null
    return inertia.render('staff/members/index', {
      filters: {
        q: filters.q ?? '',
        birthDate: request.qs().birthDate ?? '',
        state: filters.state ?? '',
        locked: filters.locked === '1',
      },
      searched,
      members: paginator ? paginator.rows.map((member) => presentMemberRow(member, masked)) : [],
      pagination: paginator
        ? presentPagination(paginator, routeUrl('staff.members.index'), {
            q: filters.q,
            birthDate: request.qs().birthDate,
            state: filters.state,
            locked: filters.locked === '1',
          })
        : null,
    } satisfies MemberSearchProps)
  }

  async show(ctx: HttpContext) {
    const { params, request, inertia, bouncer } = ctx
    await bouncer.with(MemberPolicy).authorize('view')
    const member = await findMember(params.id)
    const { tab = 'profile' } = await memberTabValidator.validate(request.qs())
    const staff = ctx.auth.use('staff').user!
    // The mail history is a read of its own in the log (never with the addresses in it).
    await recordAudit({
      action: tab === 'mails' ? 'staff.member.mail_history' : 'staff.member.view',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: staff.id,
      memberId: member.id,
      origin: originOf(ctx),
      details: { tab },
    })
    return inertia.render(
      'staff/members/show',
      await presentMemberPage(
        member,
        tab,
        {
          unblock: await bouncer.with(MemberPolicy).allows('unblock'),
          recordWithdrawal: await bouncer.with(MemberPolicy).allows('recordWithdrawal'),
        },
        masksIdentityItems(staff.role)
      )
    )
  }

  async unblock(ctx: HttpContext) {
    const { params, bouncer, response, session } = ctx
    await bouncer.with(MemberPolicy).authorize('unblock')
    const member = await findMember(params.id)
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
    const member = await findMember(params.id)
    const { acceptedOn } = await request.validateUsing(withdrawalValidator)
    const result = await recordWithdrawal(member, acceptedOn)
    if (!result.ok) {
      session.flash('error', WITHDRAWAL_REFUSALS[result.reason])
      session.flash('old', { acceptedOn: request.input('acceptedOn') })
      return response.redirect().toRoute('staff.members.show', { id: member.id })
    }
    await recordAudit({
      action: 'staff.member.withdrawal_recorded',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: ctx.auth.use('staff').user!.id,
      memberId: member.id,
      origin: originOf(ctx),
      details: { acceptedOn, refundOn: result.refundOn.toISODate() },
    })
    session.flash(
      'success',
      `脱退届の受理を登録しました。出資金返還日は${formatJapaneseDate(result.refundOn)}です（この日からマイページは利用できなくなります）。`
    )
    return response.redirect().toRoute('staff.members.show', { id: member.id })
  }

  async cancelWithdrawal(ctx: HttpContext) {
    const { params, bouncer, response, session } = ctx
    await bouncer.with(MemberPolicy).authorize('recordWithdrawal')
    const member = await findMember(params.id)
    const previous = member.withdrawalAcceptedOn?.toISODate() ?? null
    const result = await cancelWithdrawal(member)
    if (!result.ok) {
      session.flash('error', WITHDRAWAL_REFUSALS[result.reason])
      return response.redirect().toRoute('staff.members.show', { id: member.id })
    }
    await recordAudit({
      action: 'staff.member.withdrawal_cancelled',
      outcome: 'success',
      actorType: 'staff',
      staffUserId: ctx.auth.use('staff').user!.id,
      memberId: member.id,
      origin: originOf(ctx),
      details: { acceptedOn: previous },
    })
    session.flash('success', '脱退の登録を取り消しました。')
    return response.redirect().toRoute('staff.members.show', { id: member.id })
  }
}
