import type StaffUser from '#models/staff_user'
import StaffPolicy from '#policies/staff_policy'

/** Log-in guide letters (ログイン登録のご案内) printed in batches (clerk). */
export default class GuideLetterPolicy extends StaffPolicy {
  print(staff: StaffUser) {
    return this.may(staff, 'printGuideLetters')
  }
}
