import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** お問い合わせ (operator): see STAFF_PERMISSIONS.answerInquiries. */
export default class InquiryPolicy extends StaffPolicy {
  view(staff: StaffUser) {
    return this.may(staff, 'answerInquiries')
  }

  reply(staff: StaffUser) {
    return this.may(staff, 'answerInquiries')
  }

  assign(staff: StaffUser) {
    return this.may(staff, 'answerInquiries')
  }

  changeStatus(staff: StaffUser) {
    return this.may(staff, 'answerInquiries')
  }
}
