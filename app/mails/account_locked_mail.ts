import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/common/coop'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import type { DateTime } from 'luxon'

/** Tells a member their account was locked after repeated failed log-ins (someone may be guessing). */
export default class AccountLockedMail extends BaseMail {
  subject = '【学校生協マイページ】アカウントを一時的にロックしました'

  constructor(
    private recipient: string,
    private memberName: string,
    private lockedUntil: DateTime
  ) {
    super()
  }

  prepare() {
    const data = {
      memberName: this.memberName,
      lockedUntil: formatJapaneseDateTime(this.lockedUntil),
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/account_locked_html', data)
      .textView('emails/account_locked_text', data)
  }
}
