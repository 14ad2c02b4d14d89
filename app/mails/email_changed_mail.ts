import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/common/coop'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import type { DateTime } from 'luxon'

/** Sent to the OLD address once a change is confirmed, so an unnoticed take-over is noticed. */
export default class EmailChangedMail extends BaseMail {
  subject = '【学校生協マイページ】メールアドレスを変更しました'

  constructor(
    readonly recipient: string,
    readonly memberName: string,
    readonly newEmail: string,
    readonly changedAt: DateTime
  ) {
    super()
  }

  prepare() {
    const data = {
      recipient: this.recipient,
      memberName: this.memberName,
      newEmail: this.newEmail,
      changedAt: formatJapaneseDateTime(this.changedAt),
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/email_changed_html', data)
      .textView('emails/email_changed_text', data)
  }
}
