import type { HttpContext } from '@adonisjs/core/http'
import { presentStaffDashboard } from '#presenters/staff_dashboard'
import { dashboardLinksFor } from '#presenters/staff_dashboard_links'

export default class DashboardController {
  async show({ inertia, auth }: HttpContext) {
    return inertia.render('staff/dashboard', {
      ...(await presentStaffDashboard()),
      links: dashboardLinksFor(auth.use('staff').user!),
    })
  }
}
