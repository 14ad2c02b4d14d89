import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/**
 * Staff accounts and roles (admin). The rules about one's own account (no lowering of one's own
 * role, no deactivating oneself) live in #domain/staff_accounts, since admins pass `before`.
 */
export default class StaffAccountPolicy extends StaffPolicy {
  manage(staff: StaffUser) {
    return this.may(staff, 'manageStaffAccounts')
  }

  /** Every active staff member sets up (or removes) the two-step log-in of their own account. */
  manageOwnTwoStep(staff: StaffUser) {
    return Boolean(staff.isActive)
  }
}
