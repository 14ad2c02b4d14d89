/*
| Staff back-office: everything under /staff, behind the staff guard.
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const SessionController = () => import('#controllers/staff/session_controller')
const DashboardController = () => import('#controllers/staff/dashboard_controller')

router
  .group(() => {
    router.get('/login', [SessionController, 'show']).as('staff.login.show')
    router.post('/login', [SessionController, 'store']).as('staff.login.store')
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
