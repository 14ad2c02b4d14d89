import { BaseMail } from '@adonisjs/mail'
import { portalUrl } from '#mails/portal_url'
import { COOP } from '#domain/common/coop'
import { routeUrl } from '#services/named_routes'

/** Tells a member that their affiliation change request was approved or rejected. */
export default class AffiliationRequestDecidedMail extends BaseMail {
  subject: string

  constructor(
    private recipient: string,
    private memberName: string,
    private decision: {
      approved: boolean
      affiliationName: string
      effectiveOn: string
      note: string | null
    }
  ) {
    super()
    this.subject = decision.approved
      ? '【学校生協マイページ】所属変更申請を承認しました'
      : '【学校生協マイページ】所属変更申請の結果のお知らせ'
  }

  prepare() {
    const data = {
      memberName: this.memberName,
      ...this.decision,
      url: portalUrl(routeUrl('member.affiliation_requests.index')),
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/affiliation_request_decided_html', data)
      .textView('emails/affiliation_request_decided_text', data)
  }
}
