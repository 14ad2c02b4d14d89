/**
 * What the member's credential pages receive (built in the controllers: no query, nothing to
 * shape beyond these few values).
 */

/** member/password: the new password's minimum length (app/domain/auth/password_policy.ts). */
export interface PasswordChangeProps {
  minLength: number
}

/** member/email: the log-in e-mail and a change still waiting for its confirmation link. */
export interface EmailChangeProps {
  currentEmail: string
  pendingEmail: string | null
}

/** member/confirm_password: where to go once the password is re-entered (a same-site path). */
export interface ConfirmPasswordProps {
  next: string
}
