import { randomInt, timingSafeEqual } from 'node:crypto'
import encryption from '@adonisjs/core/services/encryption'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import InitialPassword from '#models/initial_password'
import { DateTime } from 'luxon'
import { dbTimestamp } from '#domain/common/db_time'

/**
 * Initial passwords (初期パスワード): printed on the log-in guide letter and read
 * out by the phone desk, so they are stored encrypted with the app key (never in
 * plain text) and use an alphabet without look-alikes (no 0/O, 1/I/L).
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const INITIAL_PASSWORD_LENGTH = 8

export function generateInitialPassword(): string {
  let value = ''
  for (let i = 0; i < INITIAL_PASSWORD_LENGTH; i++) {
    value += ALPHABET[randomInt(ALPHABET.length)]
  }
  return value
}

/** 'K7P2M9QX' -> 'K7P2-M9QX', for reading aloud and for the letter. */
export function groupForReading(value: string): string {
  return value.match(/.{1,4}/g)?.join('-') ?? value
}

/** Bound to the member: a stored value copied to another member's row does not decrypt. */
export function encryptInitialPassword(memberId: number, value: string): string {
  return encryption.encrypt(value, undefined, `initial-password:${memberId}`)
}

/** Issues a new initial password, invalidating the previous one. Returns the plain value once. */
export async function issueInitialPassword(
  memberId: number,
  options: { issuedByStaffId?: number | null; trx?: TransactionClientContract; value?: string } = {}
): Promise<string> {
  const value = options.value ?? generateInitialPassword()
  const now = DateTime.utc()
  await InitialPassword.query({ client: options.trx })
    .where('member_id', memberId)
    .whereNull('invalidated_at')
    .update({ invalidated_at: dbTimestamp(now) })
  await InitialPassword.create(
    {
      memberId,
      encryptedPassword: encryptInitialPassword(memberId, value),
      issuedAt: now,
      issuedByStaffId: options.issuedByStaffId ?? null,
      invalidatedAt: null,
    },
    { client: options.trx }
  )
  return value
}

export async function currentInitialPassword(memberId: number): Promise<InitialPassword | null> {
  return InitialPassword.query()
    .where('member_id', memberId)
    .whereNull('invalidated_at')
    .orderBy('issued_at', 'desc')
    .first()
}

/**
 * Decrypts an initial password. Callers are the audited phone-desk reveal, the
 * guide letter and the registration check; nothing else should need it.
 */
export function decryptInitialPassword(record: InitialPassword): string | null {
  return encryption.decrypt<string>(record.encryptedPassword, `initial-password:${record.memberId}`)
}

export async function initialPasswordMatches(memberId: number, typed: string): Promise<boolean> {
  const record = await currentInitialPassword(memberId)
  if (!record) return false
  const stored = decryptInitialPassword(record)
  if (!stored) return false
  const normalised = typed.normalize('NFKC').replace(/[-\s]/g, '').toUpperCase()
  const a = Buffer.from(stored)
  const b = Buffer.from(normalised)
  return a.length === b.length && timingSafeEqual(a, b)
}

export async function invalidateInitialPasswords(
  memberId: number,
  trx?: TransactionClientContract
) {
  await InitialPassword.query({ client: trx })
    .where('member_id', memberId)
    .whereNull('invalidated_at')
    .update({ invalidated_at: dbTimestamp() })
}
