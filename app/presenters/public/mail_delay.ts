import type { MailDelay } from '#domain/mail/delivery_history'

/**
 * The calm message a member waiting for a mail sees when that mail is late (its first attempt
 * failed and it is being retried), was refused, or expired before it could go. Shown only where
 * the member is known (the log-in code page, the registration "mail sent" page); never on the
 * password-reset answer, which must read the same whether the address exists.
 */
export interface MailDelayNotice {
  delay: MailDelay
  message: string
}

export type DelayedMail = 'login_code' | 'registration_confirm'

const MESSAGES: Record<DelayedMail, Record<MailDelay, string>> = {
  login_code: {
    delayed:
      'メールの送信が遅れています。届くまでしばらくお待ちください。数分たっても届かない場合は、下の「認証コードを再送信する」をお試しください。',
    failed:
      'メールの送信が遅れています。認証コードのメールをお送りできませんでした。お手数ですが、下の「認証コードを再送信する」をお試しください。',
    expired:
      'メールの送信が遅れたため、お送りする予定だった認証コードは有効期限が切れました。下の「認証コードを再送信する」から、新しいコードをお受け取りください。',
  },
  registration_confirm: {
    delayed:
      'メールの送信が遅れています。確認メールは自動で再送していますので、しばらくお待ちください。',
    failed:
      'メールの送信が遅れています。確認メールをお送りできませんでした。入力したメールアドレスに誤りがないかご確認のうえ、ログイン登録をやり直してください。',
    expired:
      'メールの送信が遅れたため、確認メールのURLは有効期限が切れました。お手数ですが、ログイン登録をやり直してください。',
  },
}

export function presentMailDelay(
  mail: DelayedMail,
  delay: MailDelay | null
): MailDelayNotice | null {
  return delay ? { delay, message: MESSAGES[mail][delay] } : null
}
