import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/coop'
import { formatJapaneseDateTime } from '#domain/formatting'
import type { DateTime } from 'luxon'

/** The one-time URL for a new password (60 minutes, single use). */
export default class PasswordResetMail extends BaseMail {
  subject = '【学校生協マイページ】パスワード再登録のご案内'

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
      .htmlView('emails/password_reset_html', data)
      .textView('emails/password_reset_text', data)
  }
}
