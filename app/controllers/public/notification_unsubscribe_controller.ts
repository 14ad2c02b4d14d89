import type { HttpContext } from '@adonisjs/core/http'
import {
  isNotificationTopic,
  stopNotifications,
  UNSUBSCRIBE_PURPOSE,
  type NotificationTopic,
} from '#domain/members/notification_preferences'
import { presentUnsubscribe } from '#presenters/member/notification_settings'

/**
 * The one-click unsubscribe link of the notification mails (no log-in; the signature is the
 * proof). GET only shows a button: link scanners and mail previews open links, and must not
 * stop anything. POST (the button, or the mail client's RFC 8058 one-click request, which
 * carries no CSRF token: exempt in config/shield.ts) turns the notification off.
 */
export default class NotificationUnsubscribeController {
  async show(ctx: HttpContext) {
    const target = this.#signedTarget(ctx)
    if (!target) return this.#invalid(ctx)
    return ctx.inertia.render(
      'public/unsubscribe',
      presentUnsubscribe('confirm', target.topic, ctx.request.url(true))
    )
  }

  async store(ctx: HttpContext) {
    const target = this.#signedTarget(ctx)
    if (!target) return this.#invalid(ctx)
    await stopNotifications(target.memberId, target.topic)
    return ctx.inertia.render('public/unsubscribe', presentUnsubscribe('done', target.topic, null))
  }

  #signedTarget(ctx: HttpContext): { memberId: number; topic: NotificationTopic } | null {
    if (!ctx.request.hasValidSignature(UNSUBSCRIBE_PURPOSE)) return null
    const memberId = Number(ctx.params.memberId)
    const topic = ctx.params.topic
    if (!Number.isSafeInteger(memberId) || memberId <= 0 || !isNotificationTopic(topic)) return null
    return { memberId, topic }
  }

  #invalid(ctx: HttpContext) {
    ctx.response.status(400)
    return ctx.inertia.render('public/unsubscribe', presentUnsubscribe('invalid', null, null))
  }
}
