import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** 所属変更申請 (clerk): see STAFF_PERMISSIONS.decideAffiliationRequests. */
export default class AffiliationRequestPolicy extends StaffPolicy {
  view(staff: StaffUser) {
    return this.may(staff, 'decideAffiliationRequests')
  }

  decide(staff: StaffUser) {
    return this.may(staff, 'decideAffiliationRequests')
  }
}
