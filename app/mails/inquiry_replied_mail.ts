import { BaseMail } from '@adonisjs/mail'
import { portalUrl } from '#mails/portal_url'
import { COOP } from '#domain/common/coop'
import { routeUrl } from '#services/named_routes'

/**
 * Tells a member that the co-op answered their inquiry. The answer itself is NOT in the mail
 * (it may carry personal details): the member reads it after logging in.
 */
export default class InquiryRepliedMail extends BaseMail {
  subject = '【学校生協マイページ】お問い合わせに回答しました'

  constructor(
    private recipient: string,
    private memberName: string,
    private inquiry: { id: number; subject: string }
  ) {
    super()
  }

  prepare() {
    const data = {
      memberName: this.memberName,
      subjectLine: this.inquiry.subject,
      url: portalUrl(routeUrl('member.inquiries.show', { id: this.inquiry.id })),
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/inquiry_replied_html', data)
      .textView('emails/inquiry_replied_text', data)
  }
}
