import env from '#start/env'
import * as OTPAuth from 'otpauth'
import QRCode from 'qrcode'
import encryption from '@adonisjs/core/services/encryption'
import db from '@adonisjs/lucid/services/db'
import type StaffUser from '#models/staff_user'
import { keepAsSaved } from '#domain/common/saved_values'
import { claimAttempt, settleAttempt, type CredentialLimit } from '#domain/auth/credential_throttle'
import { limitOn, RATE_LIMITS } from '#domain/auth/rate_limits'

/**
 * Staff two-step log-in (TOTP, RFC 6238) as SPEC "Security" asks: after the password, a
 * 6-digit code from an authenticator app. The secret is stored encrypted with the app key;
 * each time step is accepted once (staff_users.totp_last_step), one step of clock drift either way.
 */
export const TOTP_ISSUER = '学校生協 職員用'
const PERIOD = 30
const WINDOW = 1

function totp(secretBase32: string, label: string) {
  return new OTPAuth.TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  })
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32
}

export function encryptTotpSecret(staff: StaffUser, secretBase32: string): string {
  return encryption.encrypt(secretBase32, undefined, `staff-totp:${staff.id}`)
}

function secretOf(staff: StaffUser): string | null {
  if (!staff.totpSecretEncrypted) return null
  return encryption.decrypt<string>(staff.totpSecretEncrypted, `staff-totp:${staff.id}`)
}

/**
 * STAFF_TWO_STEP=required (recommended in production): a staff member without an authenticator
 * app can open nothing but the enrolment page, and cannot remove the app once linked.
 */
export function twoStepRequired(): boolean {
  return env.get('STAFF_TWO_STEP', 'optional') === 'required'
}

/** Where a staff member may go before enrolling when two-step is required. */
export const ENROLMENT_ROUTES = ['staff.security', 'staff.security.enrol', 'staff.logout']

export function hasTotp(staff: StaffUser): boolean {
  return Boolean(staff.totpSecretEncrypted)
}

/** What the enrolment page shows: the QR code (SVG data URL) and the key for typing in. */
export async function enrolmentOf(staff: StaffUser, secretBase32: string) {
  const uri = totp(secretBase32, staff.loginId).toString()
  const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
  return {
    qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    manualKey: secretBase32.match(/.{1,4}/g)!.join(' '),
  }
}

/** The time step a code belongs to, or null when it is not valid now. */
export function stepOfCode(secretBase32: string, code: string, now = Date.now()): number | null {
  const token = code.normalize('NFKC').replace(/\D/g, '')
  if (token.length !== 6) return null
  const delta = totp(secretBase32, 'check').validate({ token, timestamp: now, window: WINDOW })
  if (delta === null) return null
  return Math.floor(now / 1000 / PERIOD) + delta
}

/**
 * Checks a code against the stored secret; a used step is refused (no replay). The step is
 * claimed by one UPDATE that only moves totp_last_step forward, so the same code sent twice
 * at once (two tabs, two instances) is accepted once.
 */
export async function verifyStaffTotp(staff: StaffUser, code: string, now = Date.now()) {
  const secret = secretOf(staff)
  if (!secret) return false
  const step = stepOfCode(secret, code, now)
  if (step === null) return false
  const claimed = await db
    .from((staff.constructor as typeof StaffUser).table)
    .where('id', staff.id)
    .where((query) => query.whereNull('totp_last_step').orWhere('totp_last_step', '<', step))
    .update({ totp_last_step: step }, ['id'])
  if (claimed.length === 0) return false
  keepAsSaved(staff, { totpLastStep: step })
  return true
}

/**
 * Wrong codes are limited per staff member, for the log-in step and for removing the app alike
 * (both prove the same secret): after RATE_LIMITS.staffTotpWrongCodes the code is refused for a
 * while, even the right one. The try is claimed before the code is checked.
 */
function codeLimits(staff: StaffUser): CredentialLimit[] {
  return [
    limitOn(RATE_LIMITS.staffTotpWrongCodes, `staff-totp:${staff.id}`, { clearsOnSuccess: true }),
  ]
}

export type LimitedCodeCheck = { ok: true } | { ok: false; reason: 'wrong' | 'throttled' }

export async function checkStaffCode(
  staff: StaffUser,
  code: string,
  now = Date.now()
): Promise<LimitedCodeCheck> {
  const limits = codeLimits(staff)
  const state = await claimAttempt(limits)
  if (state.blocked) return { ok: false, reason: 'throttled' }
  const ok = await verifyStaffTotp(staff, code, now)
  await settleAttempt(limits, ok ? 'succeeded' : 'counted')
  return ok ? { ok: true } : { ok: false, reason: 'wrong' }
}

/** Confirms an enrolment: the first code from the app proves the secret was scanned. */
export async function confirmTotpEnrolment(
  staff: StaffUser,
  secretBase32: string,
  code: string,
  now = Date.now()
) {
  const step = stepOfCode(secretBase32, code, now)
  if (step === null) return false
  staff.totpSecretEncrypted = encryptTotpSecret(staff, secretBase32)
  staff.totpLastStep = step
  await staff.save()
  return true
}

export async function removeTotp(staff: StaffUser) {
  staff.totpSecretEncrypted = null
  staff.totpLastStep = null
  await staff.save()
}

/** For tests and the demo: the current code of a secret. */
export function currentCode(secretBase32: string, now = Date.now()): string {
  return totp(secretBase32, 'check').generate({ timestamp: now })
}
