import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import limiter from '@adonisjs/limiter/services/main'
import { StaffUserFactory } from '#database/factories/staff_user_factory'
import { createUnregisteredMember } from '#database/factories/member_factory'
import { STAFF_ROLES, type StaffRole } from '#models/staff_user'
import { asStaff } from '#tests/helpers/sessions'
import { route } from '#tests/helpers/routes'

/**
 * Every back-office route of the desk (member search and page, phone desk, audit log, staff
 * accounts, guide letters): each wrong role gets the Japanese 403 page, admin passes, and an
 * anonymous visitor is sent to the staff log-in.
 */
type Ids = { member: string | number; staff: string | number }
type Route = { method: 'get' | 'post'; url: (ids: Ids) => string; roles: StaffRole[] }

const ROUTES: Route[] = [
  { method: 'get', url: () => route('staff.members.index'), roles: ['operator', 'clerk'] },
  {
    method: 'get',
    url: ({ member }) => route('staff.members.show', { id: member }),
    roles: ['operator', 'clerk'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.members.unblock', { id: member }),
    roles: ['operator'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.members.withdrawal.store', { id: member }),
    roles: ['clerk'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.members.withdrawal.cancel', { id: member }),
    roles: ['clerk'],
  },
  { method: 'get', url: () => route('staff.phone_desk.index'), roles: ['operator'] },
  { method: 'post', url: () => route('staff.phone_desk.end'), roles: ['operator'] },
  {
    method: 'get',
    url: ({ member }) => route('staff.phone_desk.show', { id: member }),
    roles: ['operator'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.phone_desk.verify', { id: member }),
    roles: ['operator'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.phone_desk.initial_password', { id: member }),
    roles: ['operator'],
  },
  {
    method: 'get',
    url: ({ member }) =>
      route('staff.phone_desk.reveal_again', { id: member, reveal: 'initial-password' }),
    roles: ['operator'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.phone_desk.email', { id: member }),
    roles: ['operator'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.phone_desk.reissue', { id: member }),
    roles: ['operator'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.phone_desk.unblock', { id: member }),
    roles: ['operator'],
  },
  {
    method: 'post',
    url: ({ member }) => route('staff.phone_desk.registration_mail', { id: member }),
    roles: ['operator'],
  },
  { method: 'get', url: () => route('staff.audit_log.index'), roles: [] },
  { method: 'get', url: () => route('staff.audit_log.export'), roles: [] },
  { method: 'get', url: () => route('staff.accounts.index'), roles: [] },
  { method: 'post', url: () => route('staff.accounts.store'), roles: [] },
  { method: 'post', url: ({ staff }) => route('staff.accounts.role', { id: staff }), roles: [] },
  {
    method: 'post',
    url: ({ staff }) => route('staff.accounts.deactivate', { id: staff }),
    roles: [],
  },
  {
    method: 'post',
    url: ({ staff }) => route('staff.accounts.reactivate', { id: staff }),
    roles: [],
  },
  {
    method: 'post',
    url: ({ staff }) => route('staff.accounts.password', { id: staff }),
    roles: [],
  },
  {
    method: 'post',
    url: ({ staff }) => route('staff.accounts.two_step_reset', { id: staff }),
    roles: [],
  },
  { method: 'get', url: () => route('staff.guide_letters.index'), roles: ['clerk'] },
  { method: 'post', url: () => route('staff.guide_letters.download'), roles: ['clerk'] },
]

/** The route's path with placeholders, for the test titles: /staff/members/:member */
const titleOf = (entry: Route) => entry.url({ member: ':member', staff: ':staff' })

async function fixtures() {
  const { member } = await createUnregisteredMember()
  const other = await StaffUserFactory.apply('operator').create()
  return (entry: Route) => entry.url({ member: member.id, staff: other.id })
}

test.group('Desk routes: roles', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => limiter.clear())

  for (const entry of ROUTES) {
    const refused = STAFF_ROLES.filter((role) => role !== 'admin' && !entry.roles.includes(role))
    for (const role of refused) {
      test(`${entry.method.toUpperCase()} ${titleOf(entry)}: ${role} gets 403`, async ({
        client,
      }) => {
        const url = (await fixtures())(entry)
        const staff = await StaffUserFactory.apply(role).create()
        let request = asStaff(client[entry.method](url), staff).withInertia().redirects(0)
        if (entry.method === 'post') request = request.withCsrfToken()
        const response = await request
        response.assertStatus(403)
        response.assertInertiaComponent('errors/forbidden')
      })
    }

    for (const role of ['admin', ...entry.roles] as StaffRole[]) {
      test(`${entry.method.toUpperCase()} ${titleOf(entry)}: ${role} passes`, async ({
        client,
        assert,
      }) => {
        const url = (await fixtures())(entry)
        const staff = await StaffUserFactory.apply(role).create()
        let request = asStaff(client[entry.method](url), staff).header('referer', url).redirects(0)
        if (entry.method === 'post') request = request.withCsrfToken()
        const response = await request
        assert.notEqual(response.status(), 403)
        assert.notEqual(response.header('location'), route('staff.login.show'))
        assert.isBelow(response.status(), 500)
      })
    }

    test(`${entry.method.toUpperCase()} ${titleOf(entry)}: anonymous goes to the staff log-in`, async ({
      client,
    }) => {
      const url = (await fixtures())(entry)
      let request = client[entry.method](url).redirects(0)
      if (entry.method === 'post') request = request.withCsrfToken()
      const response = await request
      response.assertStatus(302)
      response.assertHeader('location', route('staff.login.show'))
    })
  }
})
