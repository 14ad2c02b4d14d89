import type { HttpContext } from '@adonisjs/core/http'
import { presentStaffDashboard } from '#presenters/staff_dashboard'

export default class DashboardController {
  async show({ inertia }: HttpContext) {
    return inertia.render('staff/dashboard', await presentStaffDashboard())
  }
}
