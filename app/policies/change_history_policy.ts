import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** 変更履歴出力 (clerk): see STAFF_PERMISSIONS.exportChangeHistory. */
export default class ChangeHistoryPolicy extends StaffPolicy {
  export(staff: StaffUser) {
    return this.may(staff, 'exportChangeHistory')
  }
}
