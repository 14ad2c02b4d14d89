import type { HttpContext } from '@adonisjs/core/http'
import type StaffUser from '#models/staff_user'
import { startAreaSession } from '#domain/auth/session_policy'
import { recordLastLogin } from '#domain/auth/last_login'

/**
 * The last step of a staff log-in (after the password, and after the authenticator code when
 * an app is linked): the session becomes a staff session and the log-in time is recorded.
 */
export async function finishStaffLogin(ctx: HttpContext, staff: StaffUser) {
  await ctx.auth.use('staff').login(staff)
  startAreaSession(ctx, 'staff', staff.sessionVersion)
  await recordLastLogin('staff', staff.id)
  return ctx.response.redirect().toRoute('staff.dashboard')
}
