import router from '@adonisjs/core/services/router'
import {
  NOTIFICATION_TOPIC_LABELS,
  NOTIFICATION_TOPICS,
  type NotificationSettings,
  type NotificationTopic,
} from '#domain/members/notification_preferences'

export interface NotificationSettingsProps {
  topics: { name: NotificationTopic; label: string; description: string; enabled: boolean }[]
  email: string | null
  updateUrl: string
  securityUrl: string
}

const DESCRIPTIONS: Record<NotificationTopic, string> = {
  statements:
    '毎月の請求明細をマイページに掲載したときにお送りします。金額などの明細はメールに記載しません。',
  notices: '学生協からのお知らせをマイページに掲載したときにお送りします。',
}

/** メール通知の設定 (member/notifications), from notificationSettingsOf. */
export function presentNotificationSettings({
  preferences,
  email,
}: NotificationSettings): NotificationSettingsProps {
  return {
    topics: NOTIFICATION_TOPICS.map((name) => ({
      name,
      label: NOTIFICATION_TOPIC_LABELS[name],
      description: DESCRIPTIONS[name],
      enabled: preferences[name],
    })),
    email,
    updateUrl: router.makeUrl('member.notifications.update'),
    securityUrl: router.makeUrl('member.security'),
  }
}

export type UnsubscribeState = 'confirm' | 'done' | 'invalid'

export interface UnsubscribeProps {
  state: UnsubscribeState
  topicLabel: string | null
  /** The signed URL the confirmation button posts to (the same link, by POST). */
  action: string | null
  loginUrl: string
}

/** The one-click unsubscribe page (public/unsubscribe), for a valid or an invalid link. */
export function presentUnsubscribe(
  state: UnsubscribeState,
  topic: NotificationTopic | null,
  action: string | null
): UnsubscribeProps {
  return {
    state,
    topicLabel: topic ? NOTIFICATION_TOPIC_LABELS[topic] : null,
    action: state === 'confirm' ? action : null,
    loginUrl: router.makeUrl('public.login.show'),
  }
}
