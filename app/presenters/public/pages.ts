import type { FaqSection } from '#domain/common/faq'
import type { MailDelayNotice } from '#presenters/public/mail_delay'

/**
 * What the public pages receive that their controllers build in place (the co-op's contact
 * details, lengths, a masked address): one type a page, so the page imports it instead of
 * declaring it again. The link-problem and unsubscribe pages have their own presenters.
 */

/** public/environment, public/privacy, public/forgot_email: whom to call. */
export interface CoopContactProps {
  coopName: string
  phone: string
}

/** public/joining: the paper forms for joining and withdrawing. */
export interface JoiningProps {
  coopName: string
  phone: string
  fax: string
  forms: { title: string; href: string }[]
}

/** public/faq */
export interface FaqProps {
  sections: FaqSection[]
}

/** public/register/start, public/password/forgot: the phone number for those without a letter. */
export interface CoopPhoneProps {
  phone: string
}

/** public/email_confirmed, public/register/complete: the address now confirmed. */
export interface ConfirmedEmailProps {
  email: string
}

/** public/register/account: the new password's minimum length. */
export interface RegistrationAccountProps {
  minLength: number
}

/** public/register/sent: where the confirmation link went, and whether its mail is late. */
export interface RegistrationSentProps {
  email: string | null
  mailDomain: string
  mailDelay: MailDelayNotice | null
  restartUrl: string
  phone: string
  /** How long the confirmation link works (TOKEN_LIFETIME.registration). */
  linkHours: number
}

/** public/register/help */
export interface RegistrationHelpProps {
  mailDomain: string
  phone: string
  coopName: string
  linkHours: number
}

/** public/login_code: the second log-in step (the address masked). */
export interface LoginCodeProps {
  sentTo: string
  minutes: number
  maxAttempts: number
  mailDomain: string
  mailDelay: MailDelayNotice | null
}

/** public/password/sent */
export interface PasswordResetSentProps {
  mailDomain: string
  phone: string
  /** How long the reset link works (TOKEN_LIFETIME.password_reset). */
  linkMinutes: number
}

/** public/password/reset: the token from the mailed link and the minimum length. */
export interface PasswordResetProps {
  token: string
  minLength: number
}
