import type { HttpContext } from '@adonisjs/core/http'
import { presentStaffDashboard, type StaffDashboardPageProps } from '#presenters/staff/dashboard'
import { dashboardLinksFor } from '#presenters/staff/dashboard_links'
import { loadDashboardFigures } from '#domain/workflows/dashboard_figures'
import { recentlyFailedMails } from '#domain/mail/delivery_history'
import { presentFailedMails } from '#presenters/staff/mail_history'
import { staffMay } from '#policies/staff_permissions'

export default class DashboardController {
  async show({ inertia, auth }: HttpContext) {
    const staff = auth.use('staff').user!
    return inertia.render('staff/dashboard', {
      ...presentStaffDashboard(await loadDashboardFigures()),
      failedMails: presentFailedMails(await recentlyFailedMails(), staffMay(staff, 'viewMembers')),
      links: dashboardLinksFor(staff),
    } satisfies StaffDashboardPageProps)
  }
}
