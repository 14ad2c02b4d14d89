import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/coop'
import { formatJapaneseDateTime } from '#domain/formatting'
import type { DateTime } from 'luxon'

/** Sent to the NEW address: opening the link confirms it (24 hours, single use). */
export default class EmailChangeConfirmMail extends BaseMail {
  subject = '【学校生協マイページ】メールアドレス変更の確認'

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
      .htmlView('emails/email_change_confirm_html', data)
      .textView('emails/email_change_confirm_text', data)
  }
}
