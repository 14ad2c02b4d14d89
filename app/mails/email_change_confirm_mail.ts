import OneTimeLinkMail from '#mails/one_time_link_mail'

/** Sent to the NEW address: opening the link confirms it (24 hours, single use). */
export default class EmailChangeConfirmMail extends OneTimeLinkMail {
  subject = '【学校生協マイページ】メールアドレス変更の確認'
  protected template = 'email_change_confirm'
  protected purpose = 'email_change' as const
}
