/*
| Staff policies, one per resource. Bouncer is initialised with the staff guard's user
| (see initialize_bouncer_middleware): members are never authorised through Bouncer,
| their data is always reached through their own member record.
*/
export const policies = {
  // Workflows (affiliation requests, inquiries, notices, change-history export)
  AffiliationRequestPolicy: () => import('#policies/affiliation_request_policy'),
  InquiryPolicy: () => import('#policies/inquiry_policy'),
  NoticePolicy: () => import('#policies/notice_policy'),
  ChangeHistoryPolicy: () => import('#policies/change_history_policy'),
  // Phone desk, members, audit log, staff accounts, guide letters
  MemberPolicy: () => import('#policies/member_policy'),
  PhoneDeskPolicy: () => import('#policies/phone_desk_policy'),
  AuditLogPolicy: () => import('#policies/audit_log_policy'),
  StaffAccountPolicy: () => import('#policies/staff_account_policy'),
  GuideLetterPolicy: () => import('#policies/guide_letter_policy'),
  // Imports
  ImportPolicy: () => import('#policies/import_policy'),
}
