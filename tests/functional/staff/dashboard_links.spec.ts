import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { StaffDashboardPageProps } from '#presenters/staff/dashboard'
import { route } from '#tests/helpers/routes'

test.group('Dashboard figures link to their lists, for those who may open them', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('{role}')
    .with([
      {
        role: 'operator' as const,
        links: {
          members: route('staff.members.index'),
          affiliationRequests: null,
          inquiries: route('staff.inquiries.index'),
          lockedAccounts: `${route('staff.members.index')}?locked=1`,
          pendingWithdrawals: null,
          imports: null,
        },
      },
      {
        role: 'clerk' as const,
        links: {
          members: route('staff.members.index'),
          affiliationRequests: route('staff.affiliation_requests.index'),
          inquiries: null,
          lockedAccounts: `${route('staff.members.index')}?locked=1`,
          pendingWithdrawals: null,
          imports: route('staff.imports.index'),
        },
      },
      {
        role: 'admin' as const,
        links: {
          members: route('staff.members.index'),
          affiliationRequests: route('staff.affiliation_requests.index'),
          inquiries: route('staff.inquiries.index'),
          lockedAccounts: `${route('staff.members.index')}?locked=1`,
          pendingWithdrawals: null,
          imports: route('staff.imports.index'),
        },
      },
    ])
    .run(async ({ client, assert }, { role, links }) => {
      const staff = await StaffUserFactory.apply(role).create()
      const response = await asStaff(client.get(route('staff.dashboard')), staff).withInertia()
      response.assertInertiaComponent('staff/dashboard')
      assert.deepEqual(inertiaProps<StaffDashboardPageProps>(response).links, links)
    })
})
