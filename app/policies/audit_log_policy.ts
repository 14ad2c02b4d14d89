import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** The audit / access log viewer and its CSV export (admin). */
export default class AuditLogPolicy extends StaffPolicy {
  view(staff: StaffUser) {
    return this.may(staff, 'viewAuditLog')
  }
}
