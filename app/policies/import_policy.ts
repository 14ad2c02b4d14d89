import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** Bulk imports (取込): clerks and admins. */
export default class ImportPolicy extends StaffPolicy {
  run(staff: StaffUser) {
    return this.may(staff, 'runImports')
  }
}
