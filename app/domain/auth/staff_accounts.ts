import { randomInt } from 'node:crypto'
import StaffUser, { type StaffRole } from '#models/staff_user'
import { hashPassword } from '#domain/auth/passwords'
import { bumpSessionVersion } from '#domain/auth/session_policy'
import { recordAudit, type RequestOrigin } from '#domain/audit/audit_trail'
import type { AuditAction } from '#domain/audit/audit_actions'

/**
 * Staff accounts and roles (admin only, by policy). Rules on one's own account: nobody lowers
 * their own role or deactivates themself, so the co-op cannot lock itself out by mistake.
 */
export const STAFF_PASSWORD_MIN_LENGTH = 12
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789'

/** A generated staff password, shown once to the admin: 16 characters in groups of 4. */
export function generateStaffPassword(): string {
  const groups: string[] = []
  for (let g = 0; g < 4; g++) {
    let group = ''
    for (let i = 0; i < 4; i++) group += ALPHABET[randomInt(ALPHABET.length)]
    groups.push(group)
  }
  return groups.join('-')
}

const ROLE_RANK: Record<StaffRole, number> = { operator: 1, clerk: 1, admin: 2 }

export type StaffAccountRefusal = 'own_role' | 'own_account' | 'unchanged'

export const STAFF_ACCOUNT_REFUSALS: Record<StaffAccountRefusal, string> = {
  own_role: 'ご自身の権限を下げることはできません。別の管理者に依頼してください。',
  own_account: 'ご自身のアカウントは利用停止できません。別の管理者に依頼してください。',
  unchanged: '変更はありませんでした。',
}

/** Who did it, from where: every change here is recorded in the access log under the actor. */
export interface StaffAdminRequest {
  actor: StaffUser
  origin: RequestOrigin
}

function auditAdmin(
  request: StaffAdminRequest,
  action: AuditAction,
  details: Record<string, unknown>
) {
  return recordAudit({
    action,
    outcome: 'success',
    actorType: 'staff',
    staffUserId: request.actor.id,
    origin: request.origin,
    details,
  })
}

export async function createStaffAccount(
  request: StaffAdminRequest & {
    input: { loginId: string; name: string; role: StaffRole; password?: string }
  }
): Promise<{ account: StaffUser; generatedPassword: string | null }> {
  const { input } = request
  const generatedPassword = input.password ? null : generateStaffPassword()
  const account = await StaffUser.create({
    loginId: input.loginId.trim().toLowerCase(),
    name: input.name,
    email: null,
    role: input.role,
    password: await hashPassword(input.password ?? generatedPassword!),
    isActive: true,
    totpSecretEncrypted: null,
    failedLoginCount: 0,
    lockedUntil: null,
    lastLoginAt: null,
    sessionVersion: 1,
  })
  await auditAdmin(request, 'staff.accounts.create', {
    target: account.loginId,
    role: account.role,
  })
  return { account, generatedPassword }
}

/** A role change; one's own role may not go down (another role of the same rank is no lowering of rank, but it is one's own permissions: refused too). */
export async function changeStaffRole(
  request: StaffAdminRequest & { target: StaffUser; role: StaffRole }
): Promise<{ ok: true; previous: StaffRole } | { ok: false; reason: StaffAccountRefusal }> {
  const { actor, target, role } = request
  if (target.role === role) return { ok: false, reason: 'unchanged' }
  if (actor.id === target.id && ROLE_RANK[role] <= ROLE_RANK[target.role]) {
    return { ok: false, reason: 'own_role' }
  }
  const previous = target.role
  target.role = role
  await bumpSessionVersion(target)
  await target.save()
  await auditAdmin(request, 'staff.accounts.change_role', {
    target: target.loginId,
    previousRole: previous,
    role,
  })
  return { ok: true, previous }
}

export async function setStaffActive(
  request: StaffAdminRequest & { target: StaffUser; active: boolean }
): Promise<{ ok: true } | { ok: false; reason: StaffAccountRefusal }> {
  const { actor, target, active } = request
  if (!active && actor.id === target.id) return { ok: false, reason: 'own_account' }
  if (Boolean(target.isActive) === active) return { ok: false, reason: 'unchanged' }
  target.isActive = active
  // Deactivation ends every open session of that account at its next request.
  if (!active) await bumpSessionVersion(target)
  await target.save()
  await auditAdmin(request, active ? 'staff.accounts.reactivate' : 'staff.accounts.deactivate', {
    target: target.loginId,
  })
  return { ok: true }
}

/** Sets a new password (typed, or generated and returned once); open sessions end. */
export async function resetStaffPassword(
  request: StaffAdminRequest & { target: StaffUser; password?: string }
): Promise<string | null> {
  const { target, password } = request
  const generated = password ? null : generateStaffPassword()
  target.password = await hashPassword(password ?? generated!)
  target.failedLoginCount = 0
  target.lockedUntil = null
  await bumpSessionVersion(target)
  await target.save()
  await auditAdmin(request, 'staff.accounts.reset_password', { target: target.loginId })
  return generated
}
