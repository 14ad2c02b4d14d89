import { BaseMail } from '@adonisjs/mail'
import { COOP } from '#domain/common/coop'
import { formatJapaneseDateTime } from '#domain/common/formatting'
import type { DateTime } from 'luxon'
import type { TokenPurpose } from '#models/one_time_token'
import { lifetimeIn } from '#domain/auth/rate_limits'

/**
 * A mail whose point is a single-use link with an expiry (registration, password reset,
 * e-mail change). Subclasses name the subject and the template pair
 * `emails/<template>_html` / `emails/<template>_text`.
 */
export default abstract class OneTimeLinkMail extends BaseMail {
  protected abstract template: string
  /** Whose lifetime the mail states (「60分間」): the number comes from rate_limits.ts. */
  protected abstract purpose: Exclude<TokenPurpose, 'login_code'>

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
      lifetimeMinutes: lifetimeIn(this.purpose, 'minutes'),
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView(`emails/${this.template}_html`, data)
      .textView(`emails/${this.template}_text`, data)
  }
}
