import OneTimeLinkMail from '#mails/one_time_link_mail'

/** The one-time URL for a new password (60 minutes, single use). */
export default class PasswordResetMail extends OneTimeLinkMail {
  subject = '【学校生協マイページ】パスワード再登録のご案内'
  protected template = 'password_reset'
  protected purpose = 'password_reset' as const
}
