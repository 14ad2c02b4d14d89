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
