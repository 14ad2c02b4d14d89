import { namedRoutes } from '#services/named_routes'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import db from '@adonisjs/lucid/services/db'
import MemberAccount from '#models/member_account'
import { dbTimestamp } from '#domain/common/db_time'

/**
 * メール通知の設定. Members choose which notification mails they get: statements published
 * (請求明細の掲載) and notices (お知らせ). Log-in and security mails (codes, password reset,
 * lock, changed password or e-mail) cannot be turned off: they are not listed here at all.
 */
export const NOTIFICATION_TOPICS = ['statements', 'notices'] as const
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number]

export const NOTIFICATION_TOPIC_LABELS: Record<NotificationTopic, string> = {
  statements: '請求明細の掲載のお知らせ',
  notices: 'マイページのお知らせ',
}

/** The member_accounts column that holds each switch. */
export const NOTIFICATION_COLUMNS: Record<NotificationTopic, string> = {
  statements: 'notify_statements',
  notices: 'notify_notices',
}

export function isNotificationTopic(value: unknown): value is NotificationTopic {
  return typeof value === 'string' && (NOTIFICATION_TOPICS as readonly string[]).includes(value)
}

export type NotificationPreferences = Record<NotificationTopic, boolean>

/** What the settings page shows: the switches and the address the mails go to. */
export interface NotificationSettings {
  preferences: NotificationPreferences
  email: string | null
}

/** The account's switches as stored now, read afresh rather than from the session's user. */
export async function notificationSettingsOf(accountId: number): Promise<NotificationSettings> {
  const account = await MemberAccount.findOrFail(accountId)
  return {
    preferences: { statements: account.notifyStatements, notices: account.notifyNotices },
    email: account.email,
  }
}

/** Saves the member's choice (the settings page). */
export async function updateNotificationPreferences(
  accountId: number,
  preferences: NotificationPreferences,
  trx?: TransactionClientContract
) {
  await (trx ?? db).from('member_accounts').where('id', accountId).update({
    notify_statements: preferences.statements,
    notify_notices: preferences.notices,
    updated_at: dbTimestamp(),
  })
}

/**
 * Turns one topic off for a member (the one-click link). Returns whether there was an
 * account to change. Idempotent: a second click changes nothing and says the same.
 */
export async function stopNotifications(
  memberId: number,
  topic: NotificationTopic,
  trx?: TransactionClientContract
): Promise<boolean> {
  const updated = await (trx ?? db)
    .from('member_accounts')
    .where('member_id', memberId)
    .update({ [NOTIFICATION_COLUMNS[topic]]: false, updated_at: dbTimestamp() })
  return (Array.isArray(updated) ? Number(updated[0]) : Number(updated)) > 0
}

/** Purpose of the unsubscribe signature: a signed URL of another purpose does not verify. */
export const UNSUBSCRIBE_PURPOSE = 'notification-unsubscribe'

/**
 * The path of a member's one-click unsubscribe link for a topic, signed with APP_KEY (router
 * signed URLs). It never expires: a notification read months later must still be stoppable
 * (RFC 8058 asks the link to keep working), and all it can do is turn a notification off.
 */
export function unsubscribePath(memberId: number, topic: NotificationTopic): string {
  return namedRoutes()
    .builder()
    .params({ memberId, topic })
    .makeSigned('public.notifications.unsubscribe', { purpose: UNSUBSCRIBE_PURPOSE })
}
