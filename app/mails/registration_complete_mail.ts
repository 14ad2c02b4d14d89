import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/common/coop'

/** The 登録完了メール: registration is complete; the e-mail address is the log-in ID from now on. */
export default class RegistrationCompleteMail extends BaseMail {
  subject = '【学校生協マイページ】ログイン登録完了のお知らせ'

  constructor(
    readonly recipient: string,
    readonly memberName: string,
    readonly loginUrl: string
  ) {
    super()
  }

  prepare() {
    const data = {
      recipient: this.recipient,
      memberName: this.memberName,
      loginUrl: this.loginUrl,
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/registration_complete_html', data)
      .textView('emails/registration_complete_text', data)
  }
}
