import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** お知らせ (clerk): see STAFF_PERMISSIONS.manageNotices. */
export default class NoticePolicy extends StaffPolicy {
  view(staff: StaffUser) {
    return this.may(staff, 'manageNotices')
  }

  edit(staff: StaffUser) {
    return this.may(staff, 'manageNotices')
  }
}
