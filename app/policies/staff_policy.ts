import { BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type StaffUser from '#models/staff_user'
import { staffMay, type StaffPermission } from '#policies/staff_permissions'

/**
 * Base of every staff policy. Admins may do everything (SPEC "admin: everything above"), so
 * `before` answers for them; the policies below it decide for operators and clerks.
 *
 * Who does what lives in one table, STAFF_PERMISSIONS (#policies/staff_permissions): a policy
 * action answers with `this.may(staff, 'runImports')` and adds any rule about the record itself.
 */
export default class StaffPolicy extends BasePolicy {
  before(staff: StaffUser | null): AuthorizerResponse | undefined {
    if (staff?.role === 'admin' && staff.isActive) return true
    return undefined
  }

  protected may(staff: StaffUser, permission: StaffPermission): boolean {
    return staffMay(staff, permission)
  }
}
