import type StaffUser from '#models/staff_user'
import { staffMay } from '#policies/staff_permissions'
import { routeUrl } from '#services/named_routes'

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
    members: members ? routeUrl('staff.members.index') : null,
    affiliationRequests: staffMay(staff, 'decideAffiliationRequests')
      ? routeUrl('staff.affiliation_requests.index')
      : null,
    inquiries: staffMay(staff, 'answerInquiries') ? routeUrl('staff.inquiries.index') : null,
    lockedAccounts: members ? routeUrl('staff.members.index', {}, { locked: 1 }) : null,
    pendingWithdrawals: null,
    imports: staffMay(staff, 'runImports') ? routeUrl('staff.imports.index') : null,
  }
}
