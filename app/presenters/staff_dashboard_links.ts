import type StaffUser from '#models/staff_user'
import { staffMay } from '#policies/staff_permissions'

/** Where each dashboard figure leads, only when the viewer may open that list. */
export interface StaffDashboardLinks {
  members: string | null
  affiliationRequests: string | null
  inquiries: string | null
  lockedAccounts: string | null
  pendingWithdrawals: string | null
  imports: string | null
}

export function dashboardLinksFor(staff: StaffUser): StaffDashboardLinks {
  const members = staffMay(staff, 'viewMembers')
  return {
    members: members ? '/staff/members' : null,
    affiliationRequests: staffMay(staff, 'decideAffiliationRequests')
      ? '/staff/affiliation-requests'
      : null,
    inquiries: staffMay(staff, 'answerInquiries') ? '/staff/inquiries' : null,
    lockedAccounts: members ? '/staff/members?locked=1' : null,
    pendingWithdrawals: null,
    imports: staffMay(staff, 'runImports') ? '/staff/imports' : null,
  }
}
