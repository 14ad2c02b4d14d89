import type { BaseMail } from '@adonisjs/mail'
import type { DurationLike } from 'luxon'
import { TOKEN_LIFETIME } from '#domain/auth/rate_limits'
import AccountLockedMail from '#mails/account_locked_mail'
import AffiliationRequestDecidedMail from '#mails/affiliation_request_decided_mail'
import EmailChangeConfirmMail from '#mails/email_change_confirm_mail'
import EmailChangedMail from '#mails/email_changed_mail'
import InquiryRepliedMail from '#mails/inquiry_replied_mail'
import LoginCodeMail from '#mails/login_code_mail'
import PasswordChangedMail from '#mails/password_changed_mail'
import PasswordResetMail from '#mails/password_reset_mail'
import RegistrationCompleteMail from '#mails/registration_complete_mail'
import RegistrationConfirmMail from '#mails/registration_confirm_mail'
import StatementPublishedMail from '#mails/statement_published_mail'

/**
 * Every mail the portal sends, by the kind stored in the outbox. Each mail class takes
 * (recipient, memberName, ...details); the outbox keeps the details (encrypted) and the
 * sender builds the mail from them when it goes.
 *
 * - priority 0 (log-in and security) is sent before everything else; 2 (bulk
 *   notifications) at MAIL_RATE_PER_MINUTE.
 * - lifetime: how long after queuing the content is still worth sending (the code or link
 *   in it expires); a mail not sent by then is dropped as expired, never sent late.
 */
export const MAIL_KINDS = {
  login_code: {
    mail: LoginCodeMail,
    label: 'ログイン認証コード',
    priority: 0,
    lifetime: TOKEN_LIFETIME.login_code as DurationLike | null,
  },
  password_reset: {
    mail: PasswordResetMail,
    label: 'パスワード再登録のご案内',
    priority: 0,
    lifetime: TOKEN_LIFETIME.password_reset as DurationLike | null,
  },
  registration_confirm: {
    mail: RegistrationConfirmMail,
    label: 'ログイン登録の確認',
    priority: 0,
    lifetime: TOKEN_LIFETIME.registration as DurationLike | null,
  },
  email_change_confirm: {
    mail: EmailChangeConfirmMail,
    label: 'メールアドレス変更の確認',
    priority: 0,
    lifetime: TOKEN_LIFETIME.email_change as DurationLike | null,
  },
  account_locked: {
    mail: AccountLockedMail,
    label: 'アカウントロックのお知らせ',
    priority: 0,
    lifetime: null as DurationLike | null,
  },
  password_changed: {
    mail: PasswordChangedMail,
    label: 'パスワード変更のお知らせ',
    priority: 0,
    lifetime: null as DurationLike | null,
  },
  email_changed: {
    mail: EmailChangedMail,
    label: 'メールアドレス変更のお知らせ',
    priority: 0,
    lifetime: null as DurationLike | null,
  },
  registration_complete: {
    mail: RegistrationCompleteMail,
    label: 'ログイン登録完了のお知らせ',
    priority: 1,
    lifetime: null as DurationLike | null,
  },
  affiliation_request_decided: {
    mail: AffiliationRequestDecidedMail,
    label: '所属変更申請の結果',
    priority: 1,
    lifetime: null as DurationLike | null,
  },
  inquiry_replied: {
    mail: InquiryRepliedMail,
    label: 'お問い合わせへの回答',
    priority: 1,
    lifetime: null as DurationLike | null,
  },
  // Queued for a whole billing month at once (statement_notifications.ts); a week late, the
  // news is stale (the member has seen the month by then or will when logging in).
  statement_published: {
    mail: StatementPublishedMail,
    label: '請求明細掲載のお知らせ',
    priority: 2,
    lifetime: { days: 7 } as DurationLike | null,
  },
} as const satisfies Record<
  string,
  {
    mail: new (recipient: string, memberName: string, ...details: any[]) => BaseMail
    label: string
    priority: 0 | 1 | 2
    lifetime: DurationLike | null
  }
>

export type MailKind = keyof typeof MAIL_KINDS

export function isMailKind(value: string): value is MailKind {
  return Object.hasOwn(MAIL_KINDS, value)
}

/** The kind a mail class is stored under. */
export function kindOfMail(mailClass: Function): MailKind {
  for (const [kind, entry] of Object.entries(MAIL_KINDS)) {
    if (entry.mail === mailClass) return kind as MailKind
  }
  throw new Error(
    `${mailClass.name} is not a mail kind of the outbox (app/domain/mail/mail_kinds.ts)`
  )
}

/** Details after (recipient, memberName): what the outbox stores for a mail class. */
export type MailDetails<C> = C extends new (
  recipient: string,
  memberName: string,
  ...details: infer D
) => BaseMail
  ? D
  : never
