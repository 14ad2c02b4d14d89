import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/common/coop'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import type { DateTime } from 'luxon'

/** Tells a member their password changed (reset or change), so an intruder cannot do it silently. */
export default class PasswordChangedMail extends BaseMail {
  subject = '【学校生協マイページ】パスワードを変更しました'

  constructor(
    readonly recipient: string,
    readonly memberName: string,
    readonly changedAt: DateTime
  ) {
    super()
  }

  prepare() {
    const data = {
      recipient: this.recipient,
      memberName: this.memberName,
      changedAt: formatJapaneseDateTime(this.changedAt),
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/password_changed_html', data)
      .textView('emails/password_changed_text', data)
  }
}
