import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** Member search and the member page (組合員検索・組合員詳細). */
export default class MemberPolicy extends StaffPolicy {
  view(staff: StaffUser) {
    return this.may(staff, 'viewMembers')
  }

  /** Unblocking a locked account is the phone desk's job (operators), also from the member page. */
  unblock(staff: StaffUser) {
    return this.may(staff, 'viewMembers') && this.may(staff, 'usePhoneDesk')
  }

  recordWithdrawal(staff: StaffUser) {
    return this.may(staff, 'viewMembers') && this.may(staff, 'recordWithdrawals')
  }
}
