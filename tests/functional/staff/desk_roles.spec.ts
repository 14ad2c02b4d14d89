import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { createUnregisteredMember } from '#database/factories/member_factory'
import { STAFF_ROLES, type StaffRole } from '#models/staff_user'
import { asStaff } from '#tests/helpers/sessions'

/**
 * Every back-office route of the desk (member search and page, phone desk, audit log, staff
 * accounts, guide letters): each wrong role gets the Japanese 403 page, admin passes, and an
 * anonymous visitor is sent to the staff log-in.
 */
type Route = { method: 'get' | 'post'; url: string; roles: StaffRole[] }

const ROUTES: Route[] = [
  { method: 'get', url: '/staff/members', roles: ['operator', 'clerk'] },
  { method: 'get', url: '/staff/members/:member', roles: ['operator', 'clerk'] },
  { method: 'post', url: '/staff/members/:member/unblock', roles: ['operator'] },
  { method: 'post', url: '/staff/members/:member/withdrawal', roles: ['clerk'] },
  { method: 'post', url: '/staff/members/:member/withdrawal/cancel', roles: ['clerk'] },
  { method: 'get', url: '/staff/phone-desk', roles: ['operator'] },
  { method: 'post', url: '/staff/phone-desk/end', roles: ['operator'] },
  { method: 'get', url: '/staff/phone-desk/members/:member', roles: ['operator'] },
  { method: 'post', url: '/staff/phone-desk/members/:member/verify', roles: ['operator'] },
  {
    method: 'post',
    url: '/staff/phone-desk/members/:member/initial-password',
    roles: ['operator'],
  },
  { method: 'get', url: '/staff/phone-desk/members/:member/initial-password', roles: ['operator'] },
  { method: 'post', url: '/staff/phone-desk/members/:member/email', roles: ['operator'] },
  { method: 'post', url: '/staff/phone-desk/members/:member/reissue', roles: ['operator'] },
  { method: 'post', url: '/staff/phone-desk/members/:member/unblock', roles: ['operator'] },
  {
    method: 'post',
    url: '/staff/phone-desk/members/:member/registration-mail',
    roles: ['operator'],
  },
  { method: 'get', url: '/staff/audit-log', roles: [] },
  { method: 'get', url: '/staff/audit-log/export', roles: [] },
  { method: 'get', url: '/staff/accounts', roles: [] },
  { method: 'post', url: '/staff/accounts', roles: [] },
  { method: 'post', url: '/staff/accounts/:staff/role', roles: [] },
  { method: 'post', url: '/staff/accounts/:staff/deactivate', roles: [] },
  { method: 'post', url: '/staff/accounts/:staff/reactivate', roles: [] },
  { method: 'post', url: '/staff/accounts/:staff/password', roles: [] },
  { method: 'post', url: '/staff/accounts/:staff/two-step/reset', roles: [] },
  { method: 'get', url: '/staff/guide-letters', roles: ['clerk'] },
  { method: 'post', url: '/staff/guide-letters', roles: ['clerk'] },
]

async function fixtures() {
  const { member } = await createUnregisteredMember()
  const other = await StaffUserFactory.apply('operator').create()
  return (url: string) =>
    url.replace(':member', String(member.id)).replace(':staff', String(other.id))
}

test.group('Desk routes: roles', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  for (const route of ROUTES) {
    const refused = STAFF_ROLES.filter((role) => role !== 'admin' && !route.roles.includes(role))
    for (const role of refused) {
      test(`${route.method.toUpperCase()} ${route.url}: ${role} gets 403`, async ({ client }) => {
        const url = (await fixtures())(route.url)
        const staff = await StaffUserFactory.apply(role).create()
        let request = asStaff(client[route.method](url), staff).withInertia().redirects(0)
        if (route.method === 'post') request = request.withCsrfToken()
        const response = await request
        response.assertStatus(403)
        response.assertInertiaComponent('errors/forbidden')
      })
    }

    for (const role of ['admin', ...route.roles] as StaffRole[]) {
      test(`${route.method.toUpperCase()} ${route.url}: ${role} passes`, async ({
        client,
        assert,
      }) => {
        const url = (await fixtures())(route.url)
        const staff = await StaffUserFactory.apply(role).create()
        let request = asStaff(client[route.method](url), staff).header('referer', url).redirects(0)
        if (route.method === 'post') request = request.withCsrfToken()
        const response = await request
        assert.notEqual(response.status(), 403)
        assert.notEqual(response.header('location'), '/staff/login')
        assert.isBelow(response.status(), 500)
      })
    }

    test(`${route.method.toUpperCase()} ${route.url}: anonymous goes to the staff log-in`, async ({
      client,
    }) => {
      const url = (await fixtures())(route.url)
      let request = client[route.method](url).redirects(0)
      if (route.method === 'post') request = request.withCsrfToken()
      const response = await request
      response.assertStatus(302)
      response.assertHeader('location', '/staff/login')
    })
  }
})
