import { Duration, type DurationLike } from 'luxon'
import type { TokenPurpose } from '#models/one_time_token'
import type { CredentialLimit } from '#domain/auth/credential_throttle'

/**
 * Every credential limit of SPEC "Security" in one table: account blocking, the lifetimes of
 * mailed links and codes, the time allowed between the steps of a log-in or registration, and
 * the rate limits on each credential endpoint. The rules import their numbers from here, and
 * so does every Japanese message that states one, so a number cannot change in one place only.
 */

/** Consecutive wrong passwords lock the account (member or staff) for a while; staff can unblock. */
export const ACCOUNT_LOCK = { consecutiveFailures: 10, lockMinutes: 30 } as const

/** Mailed links and codes: single use, and dead after this long. */
export const TOKEN_LIFETIME: Record<TokenPurpose, DurationLike> = {
  registration: { hours: 24 },
  password_reset: { minutes: 60 },
  email_change: { hours: 24 },
  login_code: { minutes: 10 },
}

/** A lifetime as the whole number of `unit`s a message states (「60分」「24時間」). */
export function lifetimeIn(purpose: TokenPurpose, unit: 'minutes' | 'hours'): number {
  return Duration.fromDurationLike(TOKEN_LIFETIME[purpose]).as(unit)
}

/** Tries on one mailed log-in code before it is dead (a new log-in mails a new code). */
export const LOGIN_CODE_TRIES = 5

/** How long a half-done step stays open, kept in the session of the browser doing it. */
export const STEP_WINDOWS = {
  /** From the right password to the code mailed for a new device (a resend starts it again). */
  memberLoginCodeMinutes: 10,
  /** From a staff member's right password to their authenticator code. */
  staffTwoStepMinutes: 5,
  /** From the guide letter check (registration step 1) to the e-mail and password (step 2). */
  registrationStepMinutes: 30,
  /** A log-in or password re-entry this recent lets a member change e-mail, password, profile. */
  recentPasswordMinutes: 15,
  /** From the passkey challenge (log-in or adding a passkey) to the browser's signed answer. */
  passkeyChallengeMinutes: 5,
} as const

/** Passkeys one member may register, and the longest name one may be given. */
export const PASSKEY_LIMITS = { perMember: 10, nameMaxLength: 30 } as const

/** `requests` counted attempts per `windowMinutes`; using them up blocks the key `blockMinutes`. */
export interface RateLimit {
  requests: number
  windowMinutes: number
  blockMinutes: number
}

export const RATE_LIMITS = {
  /** Wrong passwords for one log-in id from one address (log-in and re-entry). */
  passwordLoginPerAccount: { requests: 5, windowMinutes: 1, blockMinutes: 5 },
  /** Wrong passwords from one address, whatever the log-in id. */
  passwordLoginPerAddress: { requests: 30, windowMinutes: 15, blockMinutes: 15 },
  /** Passkey log-ins refused (unknown, removed or wrongly signed passkey) from one address. */
  passkeyLoginPerAddress: { requests: 20, windowMinutes: 15, blockMinutes: 15 },
  /** Wrong mailed codes per account, over many log-ins (each code has LOGIN_CODE_TRIES). */
  loginCodeFailuresPerAccount: { requests: 10, windowMinutes: 60, blockMinutes: 60 },
  /** Re-sends of the mailed code per account, within the code's lifetime. */
  loginCodeResends: { requests: 3, windowMinutes: 10, blockMinutes: 10 },
  /** Wrong authenticator codes per staff member (log-in step and removing the app alike). */
  staffTotpWrongCodes: { requests: 5, windowMinutes: 15, blockMinutes: 15 },
  /** Password reset mails per address, public form and phone desk together; every request counts. */
  passwordResetPerEmail: { requests: 3, windowMinutes: 60, blockMinutes: 60 },
  /** Password reset requests per requesting address. */
  passwordResetPerAddress: { requests: 20, windowMinutes: 60, blockMinutes: 60 },
  /** Wrong guide-letter checks (registration step 1) per member number. */
  guideLetterPerMemberNumber: { requests: 5, windowMinutes: 15, blockMinutes: 15 },
  /** Wrong guide-letter checks per requesting address. */
  guideLetterPerAddress: { requests: 20, windowMinutes: 15, blockMinutes: 30 },
  /** E-mail change confirmation mails per account: a stolen session cannot mail-bomb strangers. */
  emailChangePerAccount: { requests: 5, windowMinutes: 60, blockMinutes: 60 },
  /** Phone desk: secrets shown or sent (e-mail, initial password, re-issue, reset) per operator. */
  deskRevealsPerOperator: { requests: 30, windowMinutes: 60, blockMinutes: 0 },
  /** Phone desk: failed identity checks per operator and member, so birth dates cannot be tried. */
  deskFailedChecksPerMember: { requests: 5, windowMinutes: 15, blockMinutes: 15 },
  /** Card checks (the QR's public page, no log-in) per requesting address; every check counts. */
  cardCheckPerAddress: { requests: 30, windowMinutes: 1, blockMinutes: 1 },
} as const satisfies Record<string, RateLimit>

/** A limit of the table applied to one key, as credential_throttle counts it. */
export function limitOn(
  limit: RateLimit,
  key: string,
  options: { clearsOnSuccess?: boolean } = {}
): CredentialLimit {
  return {
    key,
    requests: limit.requests,
    duration: limit.windowMinutes * 60,
    block: limit.blockMinutes * 60,
    ...(options.clearsOnSuccess ? { clearsOnSuccess: true } : {}),
  }
}
