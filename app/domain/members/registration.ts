import { timingSafeEqual } from 'node:crypto'
import type { Session } from '@adonisjs/session'
import { DateTime } from 'luxon'
import { transaction } from '#services/transaction'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { queueMail } from '#domain/mail/outbox'
import Member from '#models/member'
import MemberAccount from '#models/member_account'
import InitialPassword from '#models/initial_password'
import RegistrationConfirmMail from '#mails/registration_confirm_mail'
import RegistrationCompleteMail from '#mails/registration_complete_mail'
import { portalUrl } from '#mails/portal_url'
import { digitsOnly } from '#domain/common/japanese_text'
import {
  decryptInitialPassword,
  initialPasswordMatches,
  invalidateInitialPasswords,
} from '#domain/auth/initial_passwords'
import { checkLinkToken, claimToken, issueLinkToken } from '#domain/auth/one_time_tokens'
import { checkPassword, type PasswordProblem } from '#domain/auth/password_policy'
import { hashPassword } from '#domain/auth/passwords'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import { withdrawalState } from '#domain/members/withdrawal'
import { claimAttempt, settleAttempt, type CredentialLimit } from '#domain/auth/credential_throttle'
import { limitOn, RATE_LIMITS, STEP_WINDOWS, TOKEN_LIFETIME } from '#domain/auth/rate_limits'
import { routeUrl } from '#services/named_routes'

/**
 * Log-in registration (ログイン登録, SPEC lifecycle 2): member number + initial
 * password from the guide letter, then e-mail + new password, then the mailed
 * link completes it. Until then the initial password stays valid, so a member
 * who mistyped the address simply starts again (the newer link replaces the
 * older one).
 */
function guideLetterLimits(ip: string, memberNumber: string): CredentialLimit[] {
  return [
    limitOn(RATE_LIMITS.guideLetterPerMemberNumber, `register:number:${memberNumber}`, {
      clearsOnSuccess: true,
    }),
    limitOn(RATE_LIMITS.guideLetterPerAddress, `register:ip:${ip}`),
  ]
}

export type GuideLetterCheck =
  | { ok: true; account: MemberAccount }
  | { ok: false; reason: 'invalid' | 'already_registered' | 'withdrawn' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number }

/** Whether the typed value is the member's latest initial password, even if registration invalidated it. */
async function matchesLatestInitialPassword(memberId: number, typed: string) {
  const record = await InitialPassword.query()
    .where('member_id', memberId)
    .orderBy('issued_at', 'desc')
    .orderBy('id', 'desc')
    .first()
  const stored = record ? decryptInitialPassword(record) : null
  if (!stored) return false
  const a = Buffer.from(stored)
  const b = Buffer.from(typed.normalize('NFKC').replace(/[-\s]/g, '').toUpperCase())
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Step 1: the guide letter's member number and initial password. An unknown
 * number and a wrong password get the same answer. "Already registered" is
 * said only to someone who typed that member's last initial password.
 */
export async function verifyGuideLetter(input: {
  memberNumber: string
  initialPassword: string
  origin: RequestOrigin
}): Promise<GuideLetterCheck> {
  const memberNumber = digitsOnly(input.memberNumber)
  const limits = guideLetterLimits(input.origin.ip ?? 'unknown', memberNumber)
  const state = await claimAttempt(limits)
  if (state.blocked)
    return { ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds }

  const member = await Member.query()
    .where('member_number', memberNumber)
    .preload('account')
    .first()
  const account = member?.account ?? null
  let result: GuideLetterCheck
  if (!member || !account) {
    result = { ok: false, reason: 'invalid' }
  } else if (account.registrationState === 'registered') {
    result = (await matchesLatestInitialPassword(member.id, input.initialPassword))
      ? { ok: false, reason: 'already_registered' }
      : { ok: false, reason: 'invalid' }
  } else if (!(await initialPasswordMatches(member.id, input.initialPassword))) {
    result = { ok: false, reason: 'invalid' }
  } else if (withdrawalState(member).kind === 'withdrawn') {
    result = { ok: false, reason: 'withdrawn' }
  } else {
    result = { ok: true, account }
  }

  // Only a wrong number or password counts; the right initial password ends the run of failures.
  await settleAttempt(
    limits,
    result.ok ? 'succeeded' : result.reason === 'invalid' ? 'counted' : 'given_back'
  )

  await recordAudit({
    action: 'member.registration.verify',
    outcome: result.ok ? 'success' : 'failure',
    actorType: account ? 'member' : 'anonymous',
    memberAccountId: account?.id ?? null,
    memberId: member?.id ?? null,
    origin: input.origin,
    details: result.ok ? { memberNumber } : { memberNumber, reason: result.reason },
  })
  return result
}

/*
 * Between step 1 and step 2 the verified member is kept in the session of the browser that
 * passed step 1 (never in the form), for STEP_WINDOWS.registrationStepMinutes.
 */
const VERIFIED_KEY = 'registration_account_id'
const VERIFIED_AT_KEY = 'registration_verified_at'

type StepSession = Pick<Session, 'get' | 'put' | 'forget'>

/** After step 1: this browser may do step 2 for the account. */
export function rememberVerifiedMember(session: StepSession, accountId: number) {
  session.put(VERIFIED_KEY, accountId)
  session.put(VERIFIED_AT_KEY, Date.now())
}

/** The account this browser passed step 1 for, unless that was too long ago. */
export function verifiedAccountId(session: StepSession): number | null {
  const id = Number(session.get(VERIFIED_KEY))
  const at = Number(session.get(VERIFIED_AT_KEY))
  if (!id || !at || Date.now() - at > STEP_WINDOWS.registrationStepMinutes * 60 * 1000) return null
  return id
}

export function forgetVerifiedMember(session: StepSession) {
  session.forget(VERIFIED_KEY)
  session.forget(VERIFIED_AT_KEY)
}

export type RegistrationStart =
  | { ok: true; email: string }
  | { ok: false; field: 'email'; reason: 'email_taken'; message: string }
  | { ok: false; field: 'password'; reason: PasswordProblem; message: string }
  | { ok: false; field: null; reason: 'already_registered'; message: string }

export const EMAIL_TAKEN_MESSAGE =
  'このメールアドレスは、ほかの組合員のログインIDとして登録されています。別のメールアドレスを入力してください。'

async function emailTakenByAnother(email: string, accountId: number) {
  const other = await MemberAccount.query().where('email', email).whereNot('id', accountId).first()
  return other !== null
}

/** Issues the registration link and queues its mail, in the caller's transaction. */
async function queueRegistrationLink(
  account: MemberAccount,
  member: Member,
  trx: TransactionClientContract
) {
  const token = await issueLinkToken(account.id, 'registration', { trx })
  await queueMail(
    RegistrationConfirmMail,
    [
      account.pendingEmail!,
      member.name,
      portalUrl(routeUrl('public.register.confirm', { token })),
      DateTime.utc().plus(TOKEN_LIFETIME.registration),
    ],
    { memberId: member.id, trx }
  )
}

/** Step 2: e-mail + new password; the account becomes pending and the link is mailed. */
export async function startRegistration(input: {
  accountId: number
  email: string
  password: string
  origin: RequestOrigin
}): Promise<RegistrationStart> {
  const account = await MemberAccount.query()
    .where('id', input.accountId)
    .preload('member')
    .firstOrFail()
  if (account.registrationState === 'registered') {
    return {
      ok: false,
      field: null,
      reason: 'already_registered',
      message: 'ログイン登録はすでに完了しています。ログイン画面からログインしてください。',
    }
  }
  const email = input.email.trim().toLowerCase()
  if (await emailTakenByAnother(email, account.id)) {
    return { ok: false, field: 'email', reason: 'email_taken', message: EMAIL_TAKEN_MESSAGE }
  }
  const policy = checkPassword(input.password, {
    memberNumber: account.member.memberNumber,
    birthDate: account.member.birthDate,
    email,
  })
  if (!policy.ok) {
    return { ok: false, field: 'password', reason: policy.problem, message: policy.message }
  }

  const passwordHash = await hashPassword(input.password)
  await transaction(async (trx) => {
    account.useTransaction(trx)
    account.registrationState = 'pending'
    account.pendingEmail = email
    account.password = passwordHash
    await account.save()
    await queueRegistrationLink(account, account.member, trx)
    await recordAudit(
      {
        action: 'member.registration.mail_sent',
        outcome: 'success',
        actorType: 'member',
        memberAccountId: account.id,
        memberId: account.memberId,
        origin: input.origin,
      },
      trx
    )
  })
  return { ok: true, email }
}

export type RegistrationCompletion =
  | { ok: true; email: string }
  | { ok: false; reason: 'unknown' | 'expired' | 'used' | 'email_taken' }

/** Step 3: the mailed link. Completes registration and sends the 登録完了メール. */
export async function completeRegistration(
  plainToken: string,
  origin: RequestOrigin
): Promise<RegistrationCompletion> {
  const outcome = await transaction(async (trx) => {
    const check = await checkLinkToken('registration', plainToken, DateTime.utc(), trx)
    if (!check.ok) return check
    const token = check.token
    const account = await MemberAccount.query({ client: trx })
      .where('id', token.memberAccountId)
      .preload('member')
      .firstOrFail()
    if (account.registrationState !== 'pending' || !account.pendingEmail) {
      return { ok: false as const, reason: 'used' as const }
    }
    const email = account.pendingEmail
    const taken = await MemberAccount.query({ client: trx })
      .where('email', email)
      .whereNot('id', account.id)
      .first()
    if (taken) return { ok: false as const, reason: 'email_taken' as const }

    if (!(await claimToken(token, trx))) return { ok: false as const, reason: 'used' as const }
    account.useTransaction(trx)
    account.registrationState = 'registered'
    account.email = email
    account.pendingEmail = null
    account.registeredAt = DateTime.utc()
    await account.save()
    await invalidateInitialPasswords(account.memberId, trx)
    await queueMail(
      RegistrationCompleteMail,
      [email, account.member.name, portalUrl(routeUrl('public.login.show'))],
      {
        memberId: account.memberId,
        trx,
      }
    )
    await recordAudit(
      {
        action: 'member.registration.complete',
        outcome: 'success',
        actorType: 'member',
        memberAccountId: account.id,
        memberId: account.memberId,
        origin,
      },
      trx
    )
    return { ok: true as const, email, account }
  })

  if (!outcome.ok) return { ok: false, reason: outcome.reason }
  return { ok: true, email: outcome.email }
}

export type ResendResult = { ok: true; email: string } | { ok: false; reason: 'not_pending' }

/**
 * For the staff phone desk: mails a fresh registration link to a member whose
 * registration is pending (mail sent, link not opened); the older link stops working.
 */
export async function resendRegistrationMail(memberId: number): Promise<ResendResult> {
  const account = await MemberAccount.query().where('member_id', memberId).preload('member').first()
  if (!account || account.registrationState !== 'pending' || !account.pendingEmail) {
    return { ok: false, reason: 'not_pending' }
  }
  await transaction((trx) => queueRegistrationLink(account, account.member, trx))
  return { ok: true, email: account.pendingEmail }
}
