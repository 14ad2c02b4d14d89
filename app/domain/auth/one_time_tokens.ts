import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import { DateTime } from 'luxon'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import OneTimeToken, { type TokenPurpose } from '#models/one_time_token'
import { dbTimestamp } from '#domain/common/db_time'
import { LOGIN_CODE_TRIES, TOKEN_LIFETIME } from '#domain/auth/rate_limits'

/**
 * Mailed links and codes. Only a SHA-256 of the value is stored, so a database
 * leak gives no usable link. Each is single use, short-lived, and issuing a new
 * one for the same account and purpose makes the previous one unusable (lifetimes and tries:
 * rate_limits.ts).
 */
// Still imported from here by the mail kinds and the phone desk.

export type TokenCheck =
  { ok: true; token: OneTimeToken } | { ok: false; reason: 'unknown' | 'expired' | 'used' }

function sha256(value: string) {
  return createHash('sha256').update(value).digest('hex')
}

async function supersede(
  memberAccountId: number,
  purpose: TokenPurpose,
  trx?: TransactionClientContract
) {
  await OneTimeToken.query({ client: trx })
    .where('member_account_id', memberAccountId)
    .where('purpose', purpose)
    .whereNull('used_at')
    .update({ used_at: dbTimestamp() })
}

/** Issues a link token; returns the plain value (put it in the mail, nowhere else). */
export async function issueLinkToken(
  memberAccountId: number,
  purpose: Exclude<TokenPurpose, 'login_code'>,
  options: { payload?: Record<string, unknown>; trx?: TransactionClientContract } = {}
): Promise<string> {
  await supersede(memberAccountId, purpose, options.trx)
  const plain = randomBytes(32).toString('base64url')
  await OneTimeToken.create(
    {
      purpose,
      memberAccountId,
      tokenHash: sha256(plain),
      payloadJson: options.payload ? JSON.stringify(options.payload) : null,
      expiresAt: DateTime.utc().plus(TOKEN_LIFETIME[purpose]),
      usedAt: null,
      attempts: 0,
    },
    { client: options.trx }
  )
  return plain
}

/** Finds a link token by its plain value, telling an expired or used one apart from nonsense. */
export async function checkLinkToken(
  purpose: Exclude<TokenPurpose, 'login_code'>,
  plain: string,
  now = DateTime.utc(),
  trx?: TransactionClientContract
): Promise<TokenCheck> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(plain)) return { ok: false, reason: 'unknown' }
  const query = OneTimeToken.query({ client: trx })
    .where('token_hash', sha256(plain))
    .where('purpose', purpose)
  const token = await query.first()
  if (!token) return { ok: false, reason: 'unknown' }
  if (token.usedAt) return { ok: false, reason: 'used' }
  if (token.expiresAt <= now) return { ok: false, reason: 'expired' }
  return { ok: true, token }
}

/**
 * Marks a token used only if nobody else did in the meantime (two clicks on
 * the same link at once): false means it was already used.
 */
export async function claimToken(token: OneTimeToken, trx?: TransactionClientContract) {
  const updated = await OneTimeToken.query({ client: trx })
    .where('id', token.id)
    .whereNull('used_at')
    .update({ used_at: dbTimestamp() })
  const count = Array.isArray(updated) ? Number(updated[0]) : Number(updated)
  return count === 1
}

export function tokenPayload<T>(token: OneTimeToken): T | null {
  return token.payloadJson ? (JSON.parse(token.payloadJson) as T) : null
}

/*
 * Six-digit codes: a random salt (kept in the payload) makes the stored hash
 * unique and unguessable offline; a code is found through its account.
 */
function codeHash(salt: string, code: string) {
  return sha256(`${salt}:${code}`)
}

export async function issueLoginCode(
  memberAccountId: number,
  trx?: TransactionClientContract
): Promise<string> {
  await supersede(memberAccountId, 'login_code', trx)
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
  const salt = randomBytes(16).toString('hex')
  await OneTimeToken.create(
    {
      purpose: 'login_code',
      memberAccountId,
      tokenHash: codeHash(salt, code),
      payloadJson: JSON.stringify({ salt }),
      expiresAt: DateTime.utc().plus(TOKEN_LIFETIME.login_code),
      usedAt: null,
      attempts: 0,
    },
    { client: trx }
  )
  return code
}

export type CodeCheck =
  | { ok: true }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'expired' | 'exhausted' | 'none' }

/**
 * Checks a typed code; every try counts, and after LOGIN_CODE_TRIES the code is dead. The try
 * is claimed in the row (one UPDATE that refuses past the limit) before the code is compared,
 * so parallel guesses cannot all be compared against a count read before any of them was saved.
 */
export async function verifyLoginCode(
  memberAccountId: number,
  typed: string,
  now = DateTime.utc()
): Promise<CodeCheck> {
  const token = await OneTimeToken.query()
    .where('member_account_id', memberAccountId)
    .where('purpose', 'login_code')
    .whereNull('used_at')
    .orderBy('id', 'desc')
    .first()
  if (!token) return { ok: false, reason: 'none' }
  if (token.expiresAt <= now) return { ok: false, reason: 'expired' }

  const claimed: { attempts: number }[] = await db
    .from(OneTimeToken.table)
    .where('id', token.id)
    .whereNull('used_at')
    .where('attempts', '<', LOGIN_CODE_TRIES)
    .update({ attempts: db.knexRawQuery('attempts + 1') }, ['attempts'])
  if (claimed.length === 0) return { ok: false, reason: 'exhausted' }
  const attempt = Number(claimed[0].attempts)

  const code = typed.normalize('NFKC').replace(/\D/g, '')
  const { salt } = tokenPayload<{ salt: string }>(token)!
  const expected = Buffer.from(token.tokenHash)
  const actual = Buffer.from(codeHash(salt, code))
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
    return (await claimToken(token)) ? { ok: true } : { ok: false, reason: 'none' }
  }
  if (attempt >= LOGIN_CODE_TRIES) {
    await claimToken(token)
    return { ok: false, reason: 'exhausted' }
  }
  return { ok: false, reason: 'wrong', attemptsLeft: LOGIN_CODE_TRIES - attempt }
}
