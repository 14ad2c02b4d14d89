import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/coop'
import { formatJapaneseDateTime } from '#domain/formatting'
import type { DateTime } from 'luxon'

/** The link that completes log-in registration (24 hours, single use). */
export default class RegistrationConfirmMail extends BaseMail {
  subject = '【学校生協マイページ】ログイン登録の確認'

  constructor(
    readonly recipient: string,
    readonly memberName: string,
    readonly url: string,
    readonly expiresAt: DateTime
  ) {
    super()
  }

  prepare() {
    const data = {
      recipient: this.recipient,
      memberName: this.memberName,
      url: this.url,
      expiresAt: formatJapaneseDateTime(this.expiresAt),
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/registration_confirm_html', data)
      .textView('emails/registration_confirm_text', data)
  }
}
