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
