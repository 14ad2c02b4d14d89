import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/common/coop'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import type { DateTime } from 'luxon'
import { lifetimeIn } from '#domain/auth/rate_limits'

/** The six-digit code asked for on log-in from a device not seen before (TOKEN_LIFETIME). */
export default class LoginCodeMail extends BaseMail {
  subject = '【学校生協マイページ】ログイン認証コード'

  constructor(
    readonly recipient: string,
    readonly memberName: string,
    readonly code: string,
    readonly expiresAt: DateTime
  ) {
    super()
  }

  prepare() {
    const data = {
      recipient: this.recipient,
      memberName: this.memberName,
      code: this.code,
      expiresAt: formatJapaneseDateTime(this.expiresAt),
      lifetimeMinutes: lifetimeIn('login_code', 'minutes'),
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/login_code_html', data)
      .textView('emails/login_code_text', data)
  }
}
