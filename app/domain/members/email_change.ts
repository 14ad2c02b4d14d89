import { DateTime } from 'luxon'
import { transaction } from '#services/transaction'
import { queueMail } from '#domain/mail/outbox'
import MemberAccount from '#models/member_account'
import EmailChangeConfirmMail from '#mails/email_change_confirm_mail'
import EmailChangedMail from '#mails/email_changed_mail'
import { portalUrl } from '#mails/portal_url'
import {
  checkLinkToken,
  claimToken,
  issueLinkToken,
  tokenPayload,
} from '#domain/auth/one_time_tokens'
import { limitOn, RATE_LIMITS, TOKEN_LIFETIME } from '#domain/auth/rate_limits'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import { EMAIL_TAKEN_MESSAGE } from '#domain/members/registration'
import {
  claimAttempt,
  settleAttempt,
  throttledMessage,
  type CredentialLimit,
} from '#domain/auth/credential_throttle'
import { routeUrl } from '#services/named_routes'

/**
 * E-mail change (the log-in ID): the new address is confirmed by a mailed link
 * (24 hours, single use) before it replaces the old one, and the old address
 * is told afterwards.
 */
export type EmailChangeRequest =
  | { ok: true; email: string }
  | { ok: false; reason: 'same' | 'email_taken' | 'throttled'; message: string }

export async function requestEmailChange(
  account: MemberAccount,
  newEmail: string,
  origin: RequestOrigin
): Promise<EmailChangeRequest> {
  const email = newEmail.trim().toLowerCase()
  const limits: CredentialLimit[] = [
    limitOn(RATE_LIMITS.emailChangePerAccount, `email_change:${account.id}`),
  ]
  // Claimed first (parallel requests cannot all pass); only a mail actually sent stays counted.
  const state = await claimAttempt(limits)
  if (state.blocked) {
    return { ok: false, reason: 'throttled', message: throttledMessage(state.retryAfterSeconds) }
  }
  if (email === account.email) {
    await settleAttempt(limits, 'given_back')
    return {
      ok: false,
      reason: 'same',
      message: '現在のメールアドレスと同じです。新しいメールアドレスを入力してください。',
    }
  }
  const taken = await MemberAccount.query().where('email', email).whereNot('id', account.id).first()
  if (taken) {
    await settleAttempt(limits, 'given_back')
    return { ok: false, reason: 'email_taken', message: EMAIL_TAKEN_MESSAGE }
  }

  await settleAttempt(limits, 'counted')
  await account.load('member')
  await transaction(async (trx) => {
    account.useTransaction(trx)
    account.pendingEmail = email
    await account.save()
    const token = await issueLinkToken(account.id, 'email_change', { payload: { email }, trx })
    await queueMail(
      EmailChangeConfirmMail,
      [
        email,
        account.member.name,
        portalUrl(routeUrl('public.email.confirm', { token })),
        DateTime.utc().plus(TOKEN_LIFETIME.email_change),
      ],
      { memberId: account.memberId, trx }
    )
    await recordAudit(
      {
        action: 'member.email_change.request',
        outcome: 'success',
        actorType: 'member',
        memberAccountId: account.id,
        memberId: account.memberId,
        origin,
      },
      trx
    )
  })
  return { ok: true, email }
}

export type EmailChangeConfirmation =
  | { ok: true; email: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'email_taken' }

export async function confirmEmailChange(
  plainToken: string,
  origin: RequestOrigin
): Promise<EmailChangeConfirmation> {
  const outcome = await transaction(async (trx) => {
    const check = await checkLinkToken('email_change', plainToken, DateTime.utc(), trx)
    if (!check.ok) return check
    const email = tokenPayload<{ email: string }>(check.token)!.email
    const account = await MemberAccount.query({ client: trx })
      .where('id', check.token.memberAccountId)
      .preload('member')
      .firstOrFail()
    const taken = await MemberAccount.query({ client: trx })
      .where('email', email)
      .whereNot('id', account.id)
      .first()
    if (taken) return { ok: false as const, reason: 'email_taken' as const }
    if (!(await claimToken(check.token, trx)))
      return { ok: false as const, reason: 'used' as const }

    const oldEmail = account.email
    account.useTransaction(trx)
    account.email = email
    account.pendingEmail = null
    await account.save()
    await recordAudit(
      {
        action: 'member.email_change.confirm',
        outcome: 'success',
        actorType: 'member',
        memberAccountId: account.id,
        memberId: account.memberId,
        origin,
      },
      trx
    )
    // To the old address: the member learns of the change even if someone else made it.
    if (oldEmail) {
      await queueMail(EmailChangedMail, [oldEmail, account.member.name, email, DateTime.utc()], {
        memberId: account.memberId,
        trx,
      })
    }
    return { ok: true as const, email }
  })
  if (!outcome.ok) return outcome
  return { ok: true, email: outcome.email }
}
