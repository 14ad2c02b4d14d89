/*
| Staff back-office: everything under /staff, behind the staff guard.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/staff/session_controller')
const DashboardController = () => import('#controllers/staff/dashboard_controller')
const TwoStepController = () => import('#controllers/staff/two_step_controller')

router
  .group(() => {
    router.get('/login', [SessionController, 'show']).as('staff.login.show')
    router.post('/login', [SessionController, 'store']).as('staff.login.store')
    router.get('/login/code', [TwoStepController, 'show']).as('staff.login.code.show')
    router.post('/login/code', [TwoStepController, 'verify']).as('staff.login.code.verify')
  })
  .prefix('/staff')
  .use(middleware.guest({ area: 'staff' }))

router
  .group(() => {
    router.get('/', [DashboardController, 'show']).as('staff.dashboard')
    router.post('/logout', [SessionController, 'destroy']).as('staff.logout')
  })
  .prefix('/staff')
  .use(middleware.staffArea())

/*
| Workflows: affiliation requests, inquiries, notices, change-history export.
| Each action is authorised in its controller through its policy (Bouncer).
*/
const StaffAffiliationRequestsController = () =>
  import('#controllers/staff/affiliation_requests_controller')
const StaffInquiriesController = () => import('#controllers/staff/inquiries_controller')
const StaffNoticesController = () => import('#controllers/staff/notices_controller')
const ChangeHistoryController = () => import('#controllers/staff/change_history_controller')

router
  .group(() => {
    router
      .get('/affiliation-requests', [StaffAffiliationRequestsController, 'index'])
      .as('staff.affiliation_requests.index')
    router
      .get('/affiliation-requests/:id', [StaffAffiliationRequestsController, 'show'])
      .as('staff.affiliation_requests.show')
    router
      .post('/affiliation-requests/:id/approve', [StaffAffiliationRequestsController, 'approve'])
      .as('staff.affiliation_requests.approve')
    router
      .post('/affiliation-requests/:id/reject', [StaffAffiliationRequestsController, 'reject'])
      .as('staff.affiliation_requests.reject')

    router.get('/inquiries', [StaffInquiriesController, 'index']).as('staff.inquiries.index')
    router.get('/inquiries/:id', [StaffInquiriesController, 'show']).as('staff.inquiries.show')
    router
      .post('/inquiries/:id/reply', [StaffInquiriesController, 'reply'])
      .as('staff.inquiries.reply')
    router
      .post('/inquiries/:id/assign', [StaffInquiriesController, 'assign'])
      .as('staff.inquiries.assign')
    router
      .post('/inquiries/:id/close', [StaffInquiriesController, 'close'])
      .as('staff.inquiries.close')
    router
      .post('/inquiries/:id/reopen', [StaffInquiriesController, 'reopen'])
      .as('staff.inquiries.reopen')

    router.get('/notices', [StaffNoticesController, 'index']).as('staff.notices.index')
    router.get('/notices/new', [StaffNoticesController, 'create']).as('staff.notices.new')
    router.post('/notices', [StaffNoticesController, 'store']).as('staff.notices.store')
    router.get('/notices/:id/edit', [StaffNoticesController, 'edit']).as('staff.notices.edit')
    router.post('/notices/:id', [StaffNoticesController, 'update']).as('staff.notices.update')
    router
      .post('/notices/:id/publish', [StaffNoticesController, 'publish'])
      .as('staff.notices.publish')
    router
      .post('/notices/:id/unpublish', [StaffNoticesController, 'unpublish'])
      .as('staff.notices.unpublish')

    router.get('/change-history', [ChangeHistoryController, 'show']).as('staff.change_history.show')
    router
      .get('/change-history/download', [ChangeHistoryController, 'download'])
      .as('staff.change_history.download')
  })
  .prefix('/staff')
  .where('id', router.matchers.number())
  .use(middleware.staffArea())

/*
| Member search, member page, phone desk, audit log, staff accounts, guide letters
| (issue 4, back-office desk).
*/
const MembersController = () => import('#controllers/staff/members_controller')
const PhoneDeskController = () => import('#controllers/staff/phone_desk_controller')
const AuditLogController = () => import('#controllers/staff/audit_log_controller')
const StaffAccountsController = () => import('#controllers/staff/staff_accounts_controller')
const GuideLettersController = () => import('#controllers/staff/guide_letters_controller')

router
  .group(() => {
    router.get('/members', [MembersController, 'index']).as('staff.members.index')
    router.get('/members/:id', [MembersController, 'show']).as('staff.members.show')
    router.post('/members/:id/unblock', [MembersController, 'unblock']).as('staff.members.unblock')
    router
      .post('/members/:id/withdrawal', [MembersController, 'recordWithdrawal'])
      .as('staff.members.withdrawal.store')
    router
      .post('/members/:id/withdrawal/cancel', [MembersController, 'cancelWithdrawal'])
      .as('staff.members.withdrawal.cancel')

    router.get('/phone-desk', [PhoneDeskController, 'index']).as('staff.phone_desk.index')
    router.post('/phone-desk/end', [PhoneDeskController, 'end']).as('staff.phone_desk.end')
    router.get('/phone-desk/members/:id', [PhoneDeskController, 'show']).as('staff.phone_desk.show')
    router
      .post('/phone-desk/members/:id/verify', [PhoneDeskController, 'verify'])
      .as('staff.phone_desk.verify')
    router
      .post('/phone-desk/members/:id/initial-password', [
        PhoneDeskController,
        'revealInitialPassword',
      ])
      .as('staff.phone_desk.initial_password')
    router
      .post('/phone-desk/members/:id/email', [PhoneDeskController, 'revealEmail'])
      .as('staff.phone_desk.email')
    router
      .get('/phone-desk/members/:id/:reveal', [PhoneDeskController, 'revealAgain'])
      .where('reveal', /^(initial-password|email)$/)
      .as('staff.phone_desk.reveal_again')
    router
      .post('/phone-desk/members/:id/reissue', [PhoneDeskController, 'reissue'])
      .as('staff.phone_desk.reissue')
    router
      .post('/phone-desk/members/:id/unblock', [PhoneDeskController, 'unblock'])
      .as('staff.phone_desk.unblock')
    router
      .post('/phone-desk/members/:id/registration-mail', [
        PhoneDeskController,
        'resendRegistrationMail',
      ])
      .as('staff.phone_desk.registration_mail')
    router
      .post('/phone-desk/members/:id/reset-mail', [PhoneDeskController, 'sendResetMail'])
      .as('staff.phone_desk.reset_mail')

    router.get('/audit-log', [AuditLogController, 'index']).as('staff.audit_log.index')
    router.get('/audit-log/export', [AuditLogController, 'export']).as('staff.audit_log.export')

    router.get('/accounts', [StaffAccountsController, 'index']).as('staff.accounts.index')
    router.post('/accounts', [StaffAccountsController, 'store']).as('staff.accounts.store')
    router
      .post('/accounts/:id/role', [StaffAccountsController, 'changeRole'])
      .as('staff.accounts.role')
    router
      .post('/accounts/:id/deactivate', [StaffAccountsController, 'deactivate'])
      .as('staff.accounts.deactivate')
    router
      .post('/accounts/:id/reactivate', [StaffAccountsController, 'reactivate'])
      .as('staff.accounts.reactivate')
    router
      .post('/accounts/:id/password', [StaffAccountsController, 'resetPassword'])
      .as('staff.accounts.password')
    router
      .post('/accounts/:id/two-step/reset', [StaffAccountsController, 'resetTwoStep'])
      .as('staff.accounts.two_step_reset')

    router.get('/security', [TwoStepController, 'settings']).as('staff.security')
    router.post('/security/totp', [TwoStepController, 'enrol']).as('staff.security.enrol')
    router.post('/security/totp/remove', [TwoStepController, 'remove']).as('staff.security.remove')

    router.get('/guide-letters', [GuideLettersController, 'index']).as('staff.guide_letters.index')
    router
      .post('/guide-letters', [GuideLettersController, 'download'])
      .as('staff.guide_letters.download')
  })
  .prefix('/staff')
  .use(middleware.staffArea())

/*
| Bulk imports (取込). The upload route's multipart body is processed by its controller
| (config/bodyparser.ts processManually), which streams the file to disk with a raised limit.
*/
const ImportsController = () => import('#controllers/staff/imports_controller')

router
  .group(() => {
    router.get('/imports', [ImportsController, 'index']).as('staff.imports.index')
    router.post('/imports', [ImportsController, 'store']).as('staff.imports.store')
    router.get('/imports/samples/:kind', [ImportsController, 'sample']).as('staff.imports.sample')
    router
      .get('/imports/:id', [ImportsController, 'show'])
      .where('id', router.matchers.number())
      .as('staff.imports.show')
    router
      .get('/imports/:id/progress', [ImportsController, 'progress'])
      .where('id', router.matchers.number())
      .as('staff.imports.progress')
    router
      .get('/imports/:id/errors.csv', [ImportsController, 'errors'])
      .where('id', router.matchers.number())
      .as('staff.imports.errors')
    router
      .post('/imports/:id/commit', [ImportsController, 'commit'])
      .where('id', router.matchers.number())
      .as('staff.imports.commit')
    router
      .post('/imports/:id/rollback', [ImportsController, 'rollback'])
      .where('id', router.matchers.number())
      .as('staff.imports.rollback')
  })
  .prefix('/staff')
  .use(middleware.staffArea())

/*
| 組合員証の確認 at the desk (issue 12): the card QR read by a scanner or a camera, checked as the
| public card check page does (recorded with the staff member).
*/
const StaffCardCheckController = () => import('#controllers/staff/card_check_controller')

router
  .get('/card-check', [StaffCardCheckController, 'show'])
  .as('staff.card_check.show')
  .prefix('/staff')
  .use(middleware.staffArea())
