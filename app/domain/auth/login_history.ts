import AuditLog from '#models/audit_log'
import type MemberAccount from '#models/member_account'
import { bumpSessionVersion } from '#domain/auth/session_policy'

/**
 * The log-in attempts shown on the account security page (newest first, from
 * the access log): passwords, the codes asked on a new device, and passkeys.
 */
export const LOGIN_ACTIONS = ['member.login', 'member.login_code', 'member.login_passkey']
export const LOGIN_HISTORY_SIZE = 10

export function recentLogins(account: MemberAccount) {
  return AuditLog.query()
    .where('member_account_id', account.id)
    .whereIn('action', LOGIN_ACTIONS)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LOGIN_HISTORY_SIZE)
}

/** Ends every other session of this account; the caller keeps its own (keepCurrentSession). */
export async function signOutOtherSessions(account: MemberAccount) {
  return bumpSessionVersion(account)
}
