import { readFile } from 'node:fs/promises'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { namedRoutes, routeUrl } from '#services/named_routes'
import { renderRouteMap, ROUTE_MAP_FILE } from '#services/route_map'
import { route as pageRoute } from '../../inertia/app/routes.js'

test.group('Named routes: the generated map the pages use', () => {
  test('inertia/app/route_map.ts is what the router has (else: node ace routes:map)', async ({
    assert,
  }) => {
    const committed = await readFile(app.makePath(ROUTE_MAP_FILE), 'utf8')
    assert.equal(committed, renderRouteMap(namedRoutes()))
  })

  test('a page builds the same URL as the router', ({ assert }) => {
    assert.equal(pageRoute('member.home'), routeUrl('member.home'))
    assert.equal(
      pageRoute('staff.phone_desk.reveal_again', { id: 12, reveal: 'email' }),
      routeUrl('staff.phone_desk.reveal_again', { id: 12, reveal: 'email' })
    )
    assert.equal(
      pageRoute('staff.members.index', {}, { q: '山田', locked: true, page: null, x: false }),
      routeUrl('staff.members.index', {}, { q: '山田', locked: true, page: null, x: false })
    )
    assert.equal(pageRoute('staff.members.index', {}, { locked: true }), '/staff/members?locked=1')
  })

  test('an unknown name or a missing param throws', ({ assert }) => {
    // @ts-expect-error: not a route name (the typecheck refuses it too)
    assert.throws(() => pageRoute('member.nowhere'))
    // @ts-expect-error: the param is required
    assert.throws(() => pageRoute('staff.members.show', {}))
  })
})
