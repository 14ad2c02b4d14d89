import {
  generateRegistrationOptions,
  verifyRegistrationResponse,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import type { Session } from '@adonisjs/session'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { transaction } from '#services/transaction'
import MemberAccount from '#models/member_account'
import MemberPasskey from '#models/member_passkey'
import { relyingParty } from '#domain/auth/passkey_relying_party'
import { rememberChallenge, takeChallenge } from '#domain/auth/passkey_challenges'
import { PASSKEY_LIMITS, STEP_WINDOWS } from '#domain/auth/rate_limits'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'

/**
 * Adding a passkey on the account security page (behind the recent-password check): the server
 * issues a challenge for this member, the browser has the authenticator sign it, the server
 * verifies the answer (origin, RP ID, challenge, user verification) and stores the public key.
 * Up to PASSKEY_LIMITS.perMember passkeys per member.
 */
export type PasskeyOptionsOutcome =
  { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; reason: 'too_many' }

export type PasskeyRegistrationOutcome =
  | { ok: true; passkey: MemberPasskey }
  | { ok: false; reason: 'expired' | 'rejected' | 'duplicate' | 'too_many' }

/** The WebAuthn user handle: stable per account, and nothing personal in it. */
export function passkeyUserHandle(accountId: number) {
  return new Uint8Array(Buffer.from(`member-account:${accountId}`, 'utf8'))
}

export async function passkeyRegistrationOptions(input: {
  session: Pick<Session, 'put'>
  account: MemberAccount
}): Promise<PasskeyOptionsOutcome> {
  const existing = await MemberPasskey.query().where('member_account_id', input.account.id)
  if (existing.length >= PASSKEY_LIMITS.perMember) return { ok: false, reason: 'too_many' }
  const rp = relyingParty()
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: input.account.email ?? `member-account-${input.account.id}`,
    userID: passkeyUserHandle(input.account.id),
    attestationType: 'none',
    // The browser refuses to register a second passkey on an authenticator that has one.
    excludeCredentials: existing.map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports ?? undefined,
    })),
    // Discoverable (the log-in page asks for no e-mail first) and unlocked by the member.
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    timeout: STEP_WINDOWS.passkeyChallengeMinutes * 60 * 1000,
  })
  rememberChallenge(input.session, 'registration', options.challenge)
  return { ok: true, options }
}

async function countFor(accountId: number, trx: TransactionClientContract) {
  const account = trx.from('member_accounts').where('id', accountId)
  // Two additions at once must not both pass the count (SQLite runs one writer at a time).
  if (trx.dialect.name === 'postgres') account.forUpdate()
  await account.first()
  const row = await trx
    .from('member_passkeys')
    .where('member_account_id', accountId)
    .count('* as total')
    .first()
  return Number(row?.total ?? 0)
}

export async function registerPasskey(input: {
  session: Pick<Session, 'pull'>
  account: MemberAccount
  name: string
  /** null when what the browser sent is not a credential at all. */
  response: RegistrationResponseJSON | null
  origin: RequestOrigin
}): Promise<PasskeyRegistrationOutcome> {
  const challenge = takeChallenge(input.session, 'registration')
  if (!challenge) return { ok: false, reason: 'expired' }
  if (!input.response) return { ok: false, reason: 'rejected' }
  const rp = relyingParty()
  let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    })
  } catch {
    return { ok: false, reason: 'rejected' }
  }
  if (!verification.verified) return { ok: false, reason: 'rejected' }
  const { credential, credentialBackedUp } = verification.registrationInfo

  return transaction(async (trx) => {
    if ((await countFor(input.account.id, trx)) >= PASSKEY_LIMITS.perMember) {
      return { ok: false, reason: 'too_many' } as const
    }
    const taken = await MemberPasskey.query({ client: trx })
      .where('credential_id', credential.id)
      .first()
    if (taken) return { ok: false, reason: 'duplicate' } as const
    const passkey = await MemberPasskey.create(
      {
        memberAccountId: input.account.id,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        signCount: credential.counter,
        transports: credential.transports ?? null,
        name: input.name,
        backedUp: credentialBackedUp,
        lastUsedAt: null,
      },
      { client: trx }
    )
    await recordAudit(
      {
        action: 'member.passkey.add',
        outcome: 'success',
        actorType: 'member',
        memberAccountId: input.account.id,
        memberId: input.account.memberId,
        origin: input.origin,
        details: { passkeyId: passkey.id, name: input.name },
      },
      trx
    )
    return { ok: true, passkey } as const
  })
}
