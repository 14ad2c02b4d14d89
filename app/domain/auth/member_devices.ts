import { createHash, randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import { transaction } from '#services/transaction'
import { queueMail } from '#domain/mail/outbox'
import MemberDevice from '#models/member_device'
import type MemberAccount from '#models/member_account'
import LoginCodeMail from '#mails/login_code_mail'
import { issueLoginCode } from '#domain/auth/one_time_tokens'
import { countAttempt } from '#domain/auth/credential_throttle'
import { limitOn, RATE_LIMITS, TOKEN_LIFETIME } from '#domain/auth/rate_limits'

/**
 * New-device log-in codes (SPEC security: 認証コード). A browser that completed
 * a code once carries a long-lived signed cookie with a random device id; the
 * database keeps only its SHA-256 per account. A correct password from any
 * other browser is followed by a six-digit code mailed to the member.
 */
export const DEVICE_COOKIE = 'member_device'
export const DEVICE_COOKIE_MAX_AGE = '400d'

const DEVICE_ID = /^[A-Za-z0-9_-]{43}$/

function deviceHash(deviceId: string) {
  return createHash('sha256').update(deviceId).digest('hex')
}

export function newDeviceId() {
  return randomBytes(32).toString('base64url')
}

/** Whether this browser's device id was confirmed for the account; touches its last-seen time. */
export async function isKnownDevice(accountId: number, deviceId: unknown): Promise<boolean> {
  if (typeof deviceId !== 'string' || !DEVICE_ID.test(deviceId)) return false
  const device = await MemberDevice.query()
    .where('member_account_id', accountId)
    .where('device_hash', deviceHash(deviceId))
    .first()
  if (!device) return false
  device.lastSeenAt = DateTime.utc()
  await device.save()
  return true
}

/**
 * Remembers this browser for the account after a correct code. Reuses the
 * browser's device id when it has one (a shared family PC), else makes one.
 * Returns the id to put in the cookie.
 */
export async function rememberDevice(
  accountId: number,
  currentDeviceId: unknown,
  userAgent: string | null
): Promise<string> {
  const deviceId =
    typeof currentDeviceId === 'string' && DEVICE_ID.test(currentDeviceId)
      ? currentDeviceId
      : newDeviceId()
  await MemberDevice.updateOrCreate(
    { memberAccountId: accountId, deviceHash: deviceHash(deviceId) },
    { userAgent: userAgent?.slice(0, 500) ?? null, lastSeenAt: DateTime.utc() }
  )
  return deviceId
}

/** Mails a fresh code (the previous one stops working): the code and its mail are one commit. */
export async function sendLoginCode(account: MemberAccount) {
  await account.load('member')
  await transaction(async (trx) => {
    const code = await issueLoginCode(account.id, trx)
    await queueMail(
      LoginCodeMail,
      [account.email!, account.member.name, code, DateTime.utc().plus(TOKEN_LIFETIME.login_code)],
      { memberId: account.memberId, trx }
    )
  })
}

/**
 * A code can be re-sent RATE_LIMITS.loginCodeResends times per account within the code's
 * lifetime. Counted in the limiter store, claimed before the mail goes: a count kept in the
 * session was reset by replaying an older session cookie, and parallel requests all read the
 * same count.
 */
export async function resendLoginCode(account: MemberAccount): Promise<boolean> {
  const state = await countAttempt([
    limitOn(RATE_LIMITS.loginCodeResends, `login_code_resend:${account.id}`),
  ])
  if (state.blocked) return false
  await sendLoginCode(account)
  return true
}

/** 'hanako@example.jp' -> 'h*****@example.jp', to say where the code went without showing it all. */
export function maskEmail(email: string) {
  const [local, domain] = email.split('@')
  return `${local.slice(0, 1)}${'*'.repeat(Math.max(1, local.length - 1))}@${domain}`
}
