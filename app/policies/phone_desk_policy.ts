import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** The phone desk (電話対応): search, identity check and the unlocked actions. */
export default class PhoneDeskPolicy extends StaffPolicy {
  use(staff: StaffUser) {
    return this.may(staff, 'usePhoneDesk')
  }
}
