import type { HttpContext } from '@adonisjs/core/http'
import { validateForm } from '#validators/validate_form'
import { notificationSettingsValidator } from '#validators/member/notification_settings'
import {
  notificationSettingsOf,
  updateNotificationPreferences,
} from '#domain/members/notification_preferences'
import { presentNotificationSettings } from '#presenters/member/notification_settings'

/** メール通知の設定: the member's own switches (statements, notices). */
export default class NotificationSettingsController {
  async edit({ auth, inertia }: HttpContext) {
    const settings = await notificationSettingsOf(auth.use('member').getUserOrFail().id)
    return inertia.render('member/notifications', presentNotificationSettings(settings))
  }

  async update(ctx: HttpContext) {
    const account = ctx.auth.use('member').getUserOrFail()
    const input = await validateForm(ctx, notificationSettingsValidator)
    await updateNotificationPreferences(account.id, {
      statements: input.statements === true,
      notices: input.notices === true,
    })
    ctx.session.flash('success', 'メール通知の設定を保存しました。')
    return ctx.response.redirect().toRoute('member.notifications.edit')
  }
}
