import StaffUser from '#models/staff_user'
import { attemptPasswordLogin, type LoginResult } from '#domain/auth/password_login'
import { DateTime } from 'luxon'
import type { RequestOrigin } from '#domain/audit/audit_trail'

/** Staff log-in: staff login id + password; deactivated staff accounts are refused. */
export async function attemptStaffLogin(input: {
  loginId: string
  password: string
  origin: RequestOrigin
}): Promise<LoginResult<StaffUser>> {
  return attemptPasswordLogin<StaffUser>({
    area: 'staff',
    loginId: input.loginId,
    password: input.password,
    origin: input.origin,
    now: DateTime.utc(),
    find: (loginId) => StaffUser.query().where('login_id', loginId).first(),
    refusalFor: (staff) => (staff.isActive ? null : { ok: false, reason: 'disabled' }),
    auditSubject: (staff) => ({ staffUserId: staff?.id ?? null }),
  })
}
