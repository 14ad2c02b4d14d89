import { queueMail } from '#domain/mail/outbox'
import MemberAccount from '#models/member_account'
import AccountLockedMail from '#mails/account_locked_mail'
import { attemptPasswordLogin, type LoginResult } from '#domain/auth/password_login'
import { withdrawalState } from '#domain/members/withdrawal'
import { DateTime } from 'luxon'
import { todayInJapan } from '#domain/common/clock'
import type { RequestOrigin } from '#domain/audit/audit_trail'

/** Member log-in: registered e-mail + password. Withdrawn members (refund date reached) are refused. */
export async function attemptMemberLogin(input: {
  email: string
  password: string
  origin: RequestOrigin
}): Promise<LoginResult<MemberAccount>> {
  return attemptPasswordLogin<MemberAccount>({
    area: 'member',
    loginId: input.email,
    password: input.password,
    origin: input.origin,
    now: DateTime.utc(),
    find: (email) =>
      MemberAccount.query()
        .where('email', email)
        .where('registration_state', 'registered')
        .preload('member')
        .first(),
    refusalFor: (account) => {
      const state = withdrawalState(account.member, todayInJapan())
      return state.kind === 'withdrawn'
        ? { ok: false, reason: 'withdrawn', refundOn: state.refundOn }
        : null
    },
    onLocked: async (account, trx) => {
      if (!account.email) return
      // A row in the outbox: the tenth wrong password answers as fast as for an unknown address.
      await queueMail(
        AccountLockedMail,
        [account.email, account.member.name, account.lockedUntil!],
        {
          memberId: account.memberId,
          trx,
        }
      )
    },
    auditSubject: (account) => ({
      memberAccountId: account?.id ?? null,
      memberId: account?.memberId ?? null,
    }),
  })
}
