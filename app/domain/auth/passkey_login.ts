import { DateTime } from 'luxon'
import {
  generateAuthenticationOptions,
  verifyAuthenticationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import type { Session } from '@adonisjs/session'
import db from '@adonisjs/lucid/services/db'
import MemberPasskey from '#models/member_passkey'
import type MemberAccount from '#models/member_account'
import { relyingParty } from '#domain/auth/passkey_relying_party'
import { rememberChallenge, takeChallenge } from '#domain/auth/passkey_challenges'
import { passkeyUserHandle } from '#domain/auth/passkey_registration'
import { limitOn, RATE_LIMITS, STEP_WINDOWS } from '#domain/auth/rate_limits'
import { claimAttempt, settleAttempt } from '#domain/auth/credential_throttle'
import type { LoginRefusal } from '#domain/auth/password_login'
import { withdrawalState } from '#domain/members/withdrawal'
import { todayInJapan } from '#domain/common/clock'
import { dbTimestamp } from '#domain/common/db_time'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * Log-in with a passkey. The signed answer is bound to this site's origin, so it cannot be
 * phished: it replaces the password AND the mailed new-device code. Otherwise it is refused
 * like a password log-in (withdrawn member from the refund date, locked account, account not
 * registered) and written to the access log (member.login_passkey: the log-in history shows
 * 「パスキー」). Refusals from one address are limited (RATE_LIMITS.passkeyLoginPerAddress).
 */
export type PasskeyLoginRefusal =
  | LoginRefusal
  /** No challenge in this session, or older than STEP_WINDOWS.passkeyChallengeMinutes. */
  | { ok: false; reason: 'expired' }
  /** No such passkey here (never registered, or removed). */
  | { ok: false; reason: 'unknown_passkey' }
  /** The answer does not verify: another origin, another challenge, bad signature, counter. */
  | { ok: false; reason: 'rejected' }

export type PasskeyLoginResult = { ok: true; account: MemberAccount } | PasskeyLoginRefusal

/** Options for the browser's passkey prompt: any passkey of this site (discoverable). */
export async function passkeyLoginOptions(input: {
  session: Pick<Session, 'put'>
}): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const rp = relyingParty()
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'required',
    timeout: STEP_WINDOWS.passkeyChallengeMinutes * 60 * 1000,
  })
  rememberChallenge(input.session, 'login', options.challenge)
  return options
}

function addressLimit(origin: RequestOrigin) {
  return [limitOn(RATE_LIMITS.passkeyLoginPerAddress, `passkey:member:${origin.ip ?? 'unknown'}`)]
}

export async function attemptPasskeyLogin(input: {
  session: Pick<Session, 'pull'>
  /** null when what the browser sent is not a credential at all. */
  response: AuthenticationResponseJSON | null
  origin: RequestOrigin
  now?: DateTime
}): Promise<PasskeyLoginResult> {
  const limits = addressLimit(input.origin)
  const state = await claimAttempt(limits)
  if (state.blocked) {
    takeChallenge(input.session, 'login')
    const throttled = {
      ok: false,
      reason: 'throttled',
      retryAfterSeconds: state.retryAfterSeconds,
    } as const
    await audit(input, null, null, throttled)
    return throttled
  }
  let passkey: MemberPasskey | null = null
  let result: PasskeyLoginResult
  try {
    passkey = await findPasskey(input.response?.id)
    result = await verify(input, passkey, input.now ?? DateTime.utc())
  } catch (error) {
    await settleAttempt(limits, 'given_back')
    throw error
  }
  // Only refusals count; an expired challenge is the member's own slowness, not a guess.
  await settleAttempt(
    limits,
    result.ok ? 'succeeded' : result.reason === 'expired' ? 'given_back' : 'counted'
  )
  await audit(input, passkey?.account ?? null, passkey, result)
  return result
}

async function findPasskey(credentialId: unknown) {
  if (typeof credentialId !== 'string' || credentialId === '') return null
  return MemberPasskey.query()
    .where('credential_id', credentialId)
    .whereHas('account', (account) => account.where('registration_state', 'registered'))
    .preload('account', (account) => account.preload('member'))
    .first()
}

async function verify(
  input: { session: Pick<Session, 'pull'>; response: AuthenticationResponseJSON | null },
  passkey: MemberPasskey | null,
  now: DateTime
): Promise<PasskeyLoginResult> {
  // Taken first, whatever follows: a challenge answers one attempt only.
  const challenge = takeChallenge(input.session, 'login', now.toMillis())
  if (!challenge) return { ok: false, reason: 'expired' }
  if (!input.response) return { ok: false, reason: 'rejected' }
  if (!passkey) return { ok: false, reason: 'unknown_passkey' }
  const newCounter = await verifiedCounter(input.response, challenge, passkey)
  if (newCounter === null) return { ok: false, reason: 'rejected' }

  // Refusals that apply even to the right passkey, checked only now so they reveal nothing.
  const account = passkey.account
  if (account.lockedUntil && account.lockedUntil > now) {
    return { ok: false, reason: 'locked', lockedUntil: account.lockedUntil }
  }
  const withdrawal = withdrawalState(account.member, todayInJapan())
  if (withdrawal.kind === 'withdrawn') {
    return { ok: false, reason: 'withdrawn', refundOn: withdrawal.refundOn }
  }
  // One UPDATE that also refuses a counter another request has just moved past this one.
  const row = db.from('member_passkeys').where('id', passkey.id)
  if (newCounter > 0) row.where('sign_count', '<', newCounter)
  const updated = await row.update({ sign_count: newCounter, last_used_at: dbTimestamp(now) })
  if (Number(updated) === 0) return { ok: false, reason: 'rejected' }
  return { ok: true, account }
}

/**
 * The authenticator's new counter when the answer verifies (origin, RP ID, challenge, user
 * verification, signature, counter, user handle of this account); null when it does not.
 */
async function verifiedCounter(
  response: AuthenticationResponseJSON,
  challenge: string,
  passkey: MemberPasskey
): Promise<number | null> {
  const handle = response.response?.userHandle
  if (
    handle &&
    handle !== Buffer.from(passkeyUserHandle(passkey.memberAccountId)).toString('base64url')
  ) {
    return null
  }
  const rp = relyingParty()
  try {
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.signCount,
      },
    })
    return verification.verified ? verification.authenticationInfo.newCounter : null
  } catch {
    // The library throws for every mismatch (origin, challenge, signature, counter...).
    return null
  }
}

async function audit(
  input: { origin: RequestOrigin },
  account: MemberAccount | null,
  passkey: MemberPasskey | null,
  result: PasskeyLoginResult
) {
  await recordAudit({
    action: 'member.login_passkey',
    outcome: result.ok ? 'success' : 'failure',
    actorType: account ? 'member' : 'anonymous',
    memberAccountId: account?.id ?? null,
    memberId: account?.memberId ?? null,
    origin: input.origin,
    details: {
      ...(passkey ? { passkeyId: passkey.id } : {}),
      ...(result.ok ? {} : { reason: result.reason }),
    },
  })
}
