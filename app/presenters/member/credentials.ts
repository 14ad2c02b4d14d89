import type { PasswordChangeResult } from '#domain/auth/password_change'
import { loginRefusalMessage } from '#presenters/common/login_refusal'

/**
 * What the member's credential pages receive (built in the controllers: no query, nothing to
 * shape beyond these few values), and what a refused change says.
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

/**
 * member/confirm_password: where to go once the password is re-entered (a same-site path), and
 * after how long since the log-in it is asked for (STEP_WINDOWS.recentPasswordMinutes).
 */
export interface ConfirmPasswordProps {
  next: string
  recentMinutes: number
}

export const PASSWORD_CHANGED =
  'パスワードを変更しました。ほかの端末でのログインは、すべてログアウトされました。'

/** Where a refused password change is explained: on a field of the form, or on the page. */
export function passwordChangeRefusal(
  result: Exclude<PasswordChangeResult, { ok: true } | { reason: 'locked' }>
): { field: 'currentPassword' | 'password' | null; message: string } {
  if (result.reason === 'throttled') {
    return { field: null, message: loginRefusalMessage(result, 'member') }
  }
  if (result.reason === 'invalid') {
    return {
      field: 'currentPassword',
      message: '現在のパスワードが正しくありません。入力内容をご確認ください。',
    }
  }
  return { field: 'password', message: result.message }
}
