import factory from '@adonisjs/lucid/factories'
import hash from '@adonisjs/core/services/hash'
import { DateTime } from 'luxon'
import MemberAccount from '#models/member_account'
import { MemberFactory } from '#database/factories/member_factory'
import { uniqueSequence } from '#database/factories/japanese_fake'
import { ACCOUNT_LOCK } from '#domain/auth/rate_limits'

/** The password registered accounts get unless a test merges another one. */
export const FACTORY_MEMBER_PASSWORD = 'mypage-demo-2026'

/**
 * argon2 hashes cost ~25 ms each: one hash per distinct plain password and
 * process is enough for fake data (every hash verifies its own plain value).
 */
const hashCache = new Map<string, Promise<string>>()

export function hashOnce(plain: string): Promise<string> {
  let hashed = hashCache.get(plain)
  if (!hashed) {
    hashed = hash.make(plain)
    hashCache.set(plain, hashed)
    hashed.catch(() => hashCache.delete(plain))
  }
  return hashed
}

/** Hashes a plain value; an existing argon2 hash is kept as it is. */
export async function ensureHashed(value: string): Promise<string> {
  return value.startsWith('$argon2') ? value : hashOnce(value)
}

function fillRegistered(row: MemberAccount) {
  row.registrationState = 'registered'
  row.email ??= `member${uniqueSequence()}@example.jp`
  row.password ??= FACTORY_MEMBER_PASSWORD
  // Two years back by default: every recent billing month is visible.
  row.registeredAt ??= DateTime.utc().minus({ years: 2 }).startOf('second')
}

/**
 * Member log-in accounts. `memberId` must come from somewhere:
 * `MemberFactory.with('account', 1, (a) => a.apply('registered'))`,
 * `MemberAccountFactory.with('member')` or `.merge({ memberId })`.
 *
 * A plain `password` (merged or from a state) is hashed with argon2 before the
 * row is written: `MemberAccountFactory.merge({ password: 'plain' })` works.
 *
 * States: `registered` (e-mail, password, registeredAt), `unregistered`
 * (the default; no e-mail/password), `pending` (registration mail sent, link
 * not opened yet), `locked` (a registered account locked for ACCOUNT_LOCK.lockMinutes).
 */
export const MemberAccountFactory = factory
  .define(MemberAccount, () => ({
    registrationState: 'unregistered' as const,
    email: null,
    pendingEmail: null,
    password: null,
    registeredAt: null,
    failedLoginCount: 0,
    lockedUntil: null,
    lastLoginAt: null,
    sessionVersion: 1,
    notifyStatements: true,
    notifyNotices: true,
  }))
  .state('registered', (row) => fillRegistered(row))
  .state('unregistered', (row) => {
    row.registrationState = 'unregistered'
    row.email = null
    row.pendingEmail = null
    row.password = null
    row.registeredAt = null
  })
  .state('pending', (row) => {
    row.registrationState = 'pending'
    row.email = null
    row.pendingEmail ??= `pending${uniqueSequence()}@example.jp`
    row.password ??= FACTORY_MEMBER_PASSWORD
    row.registeredAt = null
  })
  .state('locked', (row) => {
    if (row.registrationState !== 'registered') fillRegistered(row)
    row.failedLoginCount = 0
    row.lockedUntil ??= DateTime.utc().plus({ minutes: ACCOUNT_LOCK.lockMinutes }).startOf('second')
  })
  .before('create', async (_, row) => {
    if (row.email) row.email = row.email.trim().toLowerCase()
    if (row.pendingEmail) row.pendingEmail = row.pendingEmail.trim().toLowerCase()
    if (row.password) row.password = await ensureHashed(row.password)
  })
  .relation('member', () => MemberFactory)
  .build()
