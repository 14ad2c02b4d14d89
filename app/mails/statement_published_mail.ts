import { BaseMail } from '@adonisjs/mail'
import { portalUrl } from '#mails/portal_url'
import { routeUrl } from '#services/named_routes'
import { COOP } from '#domain/common/coop'
import { formatBillingMonth } from '#domain/common/formatting'
import { unsubscribePath } from '#domain/members/notification_preferences'

/**
 * 「2026年10月分の請求明細を掲載しました」: sent to every member who can see a billing month
 * once it is committed (statement_notifications.ts). No amounts: members read them after
 * logging in. Each mail carries a one-click way to stop these mails (RFC 8058): the
 * List-Unsubscribe headers and the same signed link in the body.
 */
export default class StatementPublishedMail extends BaseMail {
  subject: string
  #unsubscribeUrl: string | null = null

  constructor(
    private recipient: string,
    private memberName: string,
    private billingMonth: string
  ) {
    super()
    this.subject = `【学校生協マイページ】${formatBillingMonth(billingMonth)}の請求明細を掲載しました`
  }

  /** Called by the outbox sender before the mail goes: the member's own unsubscribe link. */
  beforeOutboxSend({ memberId }: { id: number; memberId: number | null }) {
    if (memberId === null) return
    this.#unsubscribeUrl = portalUrl(unsubscribePath(memberId, 'statements'))
    this.message.header('List-Unsubscribe', `<${this.#unsubscribeUrl}>`)
    this.message.header('List-Unsubscribe-Post', 'List-Unsubscribe=One-Click')
  }

  prepare() {
    const data = {
      memberName: this.memberName,
      month: formatBillingMonth(this.billingMonth),
      url: portalUrl(routeUrl('member.statements.show', { month: this.billingMonth })),
      settingsUrl: portalUrl(routeUrl('member.notifications.edit')),
      unsubscribeUrl: this.#unsubscribeUrl,
      coop: COOP,
    }
    this.message
      .to(this.recipient)
      .htmlView('emails/statement_published_html', data)
      .textView('emails/statement_published_text', data)
  }
}
