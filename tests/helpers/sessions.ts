import type { ApiRequest } from '@japa/api-client'
import type MemberAccount from '#models/member_account'
import type StaffUser from '#models/staff_user'

/**
 * Authenticated requests as the area middleware expects them: the guard's
 * user plus the log-in time and session version the session policy checks.
 */
export function asMember(request: ApiRequest, account: MemberAccount, loginAt = Date.now()) {
  return request
    .withGuard('member')
    .loginAs(account)
    .withSession({ member_login_at: loginAt, member_session_version: account.sessionVersion })
}

export function asStaff(request: ApiRequest, staff: StaffUser, loginAt = Date.now()) {
  return request
    .withGuard('staff')
    .loginAs(staff)
    .withSession({ staff_login_at: loginAt, staff_session_version: staff.sessionVersion })
}
