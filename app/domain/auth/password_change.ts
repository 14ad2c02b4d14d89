import { transaction } from '#services/transaction'
import { DateTime } from 'luxon'
import { queueMail } from '#domain/mail/outbox'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import MemberAccount from '#models/member_account'
import PasswordChangedMail from '#mails/password_changed_mail'
import { checkPassword, type PasswordProblem } from '#domain/auth/password_policy'
import { hashPassword } from '#domain/auth/passwords'
import { verifyCurrentPassword, type CurrentPasswordCheck } from '#domain/auth/password_reentry'
import { unlock } from '#domain/auth/account_lockout'
import { bumpSessionVersion } from '#domain/auth/session_policy'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import type { AuditAction } from '#domain/audit/audit_actions'

/**
 * A new password for a registered member (reset link or password change):
 * the password rules, then every other session ends (session version bumped)
 * and the member is told by mail.
 */
export type NewPasswordResult =
  { ok: true; account: MemberAccount } | { ok: false; reason: PasswordProblem; message: string }

/** The password rules for this member (account.member must be loaded). */
export function newPasswordCheck(account: MemberAccount, newPassword: string) {
  return checkPassword(newPassword, {
    memberNumber: account.member.memberNumber,
    birthDate: account.member.birthDate,
    email: account.email,
  })
}

export async function setNewPassword(
  account: MemberAccount,
  newPassword: string,
  options: { origin: RequestOrigin; action: AuditAction; trx?: TransactionClientContract }
): Promise<NewPasswordResult> {
  // Inside a transaction every query goes through it: on SQLite (one connection) a query
  // outside it waits for the connection the transaction holds.
  if (options.trx) account.useTransaction(options.trx)
  if (!account.member) await account.load('member')
  const policy = newPasswordCheck(account, newPassword)
  if (!policy.ok) return { ok: false, reason: policy.problem, message: policy.message }

  account.password = await hashPassword(newPassword)
  await bumpSessionVersion(account, options.trx)
  unlock(account)
  await account.save()
  await recordAudit(
    {
      action: options.action,
      outcome: 'success',
      actorType: 'member',
      memberAccountId: account.id,
      memberId: account.memberId,
      origin: options.origin,
    },
    options.trx
  )
  if (account.email) {
    await queueMail(PasswordChangedMail, [account.email, account.member.name, DateTime.utc()], {
      memberId: account.memberId,
      trx: options.trx,
    })
  }
  return { ok: true, account }
}

export type PasswordChangeResult = NewPasswordResult | CurrentPasswordCheck

/**
 * Password change in the portal: the current password first (counted like a
 * log-in attempt), then the new one.
 */
export async function changePassword(
  account: MemberAccount,
  input: { currentPassword: string; newPassword: string; origin: RequestOrigin }
): Promise<PasswordChangeResult> {
  const current = await verifyCurrentPassword(
    account,
    input.currentPassword,
    input.origin,
    'member.password_change.verify'
  )
  if (!current.ok) return current
  // The new password and the mail telling the member of it are one commit.
  return transaction((trx) =>
    setNewPassword(account, input.newPassword, {
      origin: input.origin,
      action: 'member.password_change',
      trx,
    })
  )
}
