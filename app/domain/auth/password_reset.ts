import { DateTime } from 'luxon'
import { transaction } from '#services/transaction'
import { queueMail } from '#domain/mail/outbox'
import MemberAccount from '#models/member_account'
import PasswordResetMail from '#mails/password_reset_mail'
import { portalUrl } from '#mails/portal_url'
import { digitsOnly } from '#domain/common/japanese_text'
import { checkLinkToken, claimToken, issueLinkToken } from '#domain/auth/one_time_tokens'
import { TOKEN_LIFETIME } from '#domain/auth/rate_limits'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import { countAttempt, type CredentialLimit } from '#domain/auth/credential_throttle'
import { limitOn, RATE_LIMITS } from '#domain/auth/rate_limits'
import { withdrawalState } from '#domain/members/withdrawal'
import {
  newPasswordCheck,
  setNewPassword,
  type NewPasswordResult,
} from '#domain/auth/password_change'
import type OneTimeToken from '#models/one_time_token'
import { routeUrl } from '#services/named_routes'

/**
 * Password reset (パスワードをお忘れの方): member number + registered e-mail +
 * birth date → a one-time URL by mail (60 minutes, single use) → a new
 * password. The answer never says whether an account matched, and requests
 * are limited per e-mail address and per IP address whatever their outcome.
 */
function resetLimits(ip: string, email: string): CredentialLimit[] {
  return [
    limitOn(RATE_LIMITS.passwordResetPerEmail, `reset:email:${email}`),
    limitOn(RATE_LIMITS.passwordResetPerAddress, `reset:ip:${ip}`),
  ]
}

/** A one-time reset URL and its mail to the registered address, in one commit. */
async function queueResetLink(account: MemberAccount, email: string) {
  await transaction(async (trx) => {
    const token = await issueLinkToken(account.id, 'password_reset', { trx })
    await queueMail(
      PasswordResetMail,
      [
        email,
        account.member.name,
        portalUrl(routeUrl('public.password.edit', { token })),
        DateTime.utc().plus(TOKEN_LIFETIME.password_reset),
      ],
      { memberId: account.memberId, trx }
    )
  })
}

export type ResetGuidanceResult =
  | { ok: true }
  | { ok: false; reason: 'not_registered' | 'withdrawn' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/**
 * For the staff phone desk, once the caller is verified (「パスワード再設定のメールが届きません」):
 * the same mail as the public reset, to the registered address only, under the same rules
 * (registered, not withdrawn, RATE_LIMITS.passwordResetPerEmail, counted together
 * with the public form). The desk's per-operator limit is the controller's.
 */
export async function sendResetGuidance(memberId: number): Promise<ResetGuidanceResult> {
  const account = await MemberAccount.query().where('member_id', memberId).preload('member').first()
  if (!account || account.registrationState !== 'registered' || !account.email) {
    return { ok: false, reason: 'not_registered' }
  }
  if (withdrawalState(account.member).kind === 'withdrawn')
    return { ok: false, reason: 'withdrawn' }
  const email = account.email.trim().toLowerCase()
  const [perEmail] = resetLimits('desk', email)
  const state = await countAttempt([perEmail])
  if (state.blocked) {
    return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds }
  }
  await queueResetLink(account, email)
  return { ok: true }
}

export type ResetRequestResult =
  { ok: true } | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

export async function requestPasswordReset(input: {
  memberNumber: string
  email: string
  birthDate: DateTime
  origin: RequestOrigin
}): Promise<ResetRequestResult> {
  const email = input.email.trim().toLowerCase()
  const limits = resetLimits(input.origin.ip ?? 'unknown', email)
  // Every request counts, found or not (the answer is the same either way).
  const state = await countAttempt(limits)
  if (state.blocked)
    return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds }

  const account = await MemberAccount.query()
    .where('email', email)
    .where('registration_state', 'registered')
    .preload('member')
    .first()
  const matched =
    account !== null &&
    account.member.memberNumber === digitsOnly(input.memberNumber) &&
    account.member.birthDate.toISODate() === input.birthDate.toISODate() &&
    withdrawalState(account.member).kind !== 'withdrawn'

  if (matched) {
    // Only rows are written (the outbox sends later): the answer takes as long whether or
    // not the account exists.
    await queueResetLink(account, email)
  }
  await recordAudit({
    action: 'member.password_reset.request',
    outcome: matched ? 'success' : 'failure',
    actorType: matched ? 'member' : 'anonymous',
    memberAccountId: matched ? account.id : null,
    memberId: matched ? account.memberId : null,
    origin: input.origin,
    details: matched ? undefined : { reason: 'no_match' },
  })
  return { ok: true }
}

export type ResetLinkCheck =
  | { ok: true; token: OneTimeToken; account: MemberAccount }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' }

export async function checkResetLink(plainToken: string): Promise<ResetLinkCheck> {
  const check = await checkLinkToken('password_reset', plainToken)
  if (!check.ok) return check
  const account = await MemberAccount.query()
    .where('id', check.token.memberAccountId)
    .preload('member')
    .firstOrFail()
  return { ok: true, token: check.token, account }
}

export type ResetResult = NewPasswordResult | { ok: false; reason: 'unknown' | 'expired' | 'used' }

/**
 * Sets the new password, ends every session (session version bumped), unlocks
 * the account and tells the member by mail.
 */
export async function resetPassword(
  plainToken: string,
  newPassword: string,
  origin: RequestOrigin
): Promise<ResetResult> {
  const link = await checkResetLink(plainToken)
  if (!link.ok) return link
  // Refused passwords leave the link usable: check the rules before claiming it.
  const policy = newPasswordCheck(link.account, newPassword)
  if (!policy.ok) return { ok: false, reason: policy.problem, message: policy.message }
  const outcome = await transaction(async (trx) => {
    const claimed = await claimToken(link.token, trx)
    if (!claimed) return { ok: false as const, reason: 'used' as const }
    return setNewPassword(link.account, newPassword, {
      origin,
      action: 'member.password_reset',
      trx,
    })
  })
  return outcome
}
