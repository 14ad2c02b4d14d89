import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/staff_user'
import type { StaffRole } from '#models/staff_user'

/**
 * Base of every staff policy. Admins may do everything (SPEC "admin: everything above"), so
 * `before` answers for them; the policies below it decide for operators and clerks.
 *
 * Who does what (SPEC "Who uses it"):
 * - operator: phone desk, member look-up, inquiries
 * - clerk: imports, guide letters, affiliation requests, withdrawals, notices, change-history export
 * - admin: all of it, plus staff accounts and the audit log
 */
export default class StaffPolicy extends BasePolicy {
  before(staff: StaffUser | null): AuthorizerResponse | undefined {
    if (staff?.role === 'admin' && staff.isActive) return true
    return undefined
  }

  protected hasRole(staff: StaffUser, ...roles: StaffRole[]): boolean {
    return staff.isActive && roles.includes(staff.role)
  }
}
