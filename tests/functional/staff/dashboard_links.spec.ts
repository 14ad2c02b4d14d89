import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { asStaff } from '#tests/helpers/sessions'
import { inertiaProps } from '#tests/helpers/inertia'
import type { StaffDashboardPageProps } from '#presenters/staff_dashboard'

test.group('Dashboard figures link to their lists, for those who may open them', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('{role}')
    .with([
      {
        role: 'operator' as const,
        links: {
          members: '/staff/members',
          affiliationRequests: null,
          inquiries: '/staff/inquiries',
          lockedAccounts: '/staff/members?locked=1',
          pendingWithdrawals: null,
          imports: null,
        },
      },
      {
        role: 'clerk' as const,
        links: {
          members: '/staff/members',
          affiliationRequests: '/staff/affiliation-requests',
          inquiries: null,
          lockedAccounts: '/staff/members?locked=1',
          pendingWithdrawals: null,
          imports: '/staff/imports',
        },
      },
      {
        role: 'admin' as const,
        links: {
          members: '/staff/members',
          affiliationRequests: '/staff/affiliation-requests',
          inquiries: '/staff/inquiries',
          lockedAccounts: '/staff/members?locked=1',
          pendingWithdrawals: null,
          imports: '/staff/imports',
        },
      },
    ])
    .run(async ({ client, assert }, { role, links }) => {
      const staff = await StaffUserFactory.apply(role).create()
      const response = await asStaff(client.get('/staff'), staff).withInertia()
      response.assertInertiaComponent('staff/dashboard')
      assert.deepEqual(inertiaProps<StaffDashboardPageProps>(response).links, links)
    })
})
