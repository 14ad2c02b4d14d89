import OneTimeLinkMail from '#mails/one_time_link_mail'

/** The link that completes log-in registration (24 hours, single use). */
export default class RegistrationConfirmMail extends OneTimeLinkMail {
  subject = '【学校生協マイページ】ログイン登録の確認'
  protected template = 'registration_confirm'
  protected purpose = 'registration' as const
}
