import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { namedRoutes, routeUrl } from '#services/named_routes'
import { renderRouteMap, ROUTE_MAP_FILE } from '#services/route_map'
import { routeMap } from '../../inertia/app/route_map.js'
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

async function sourceFiles(dir: string, extensions: string[]): Promise<string[]> {
  const entries = await readdir(app.makePath(dir), { withFileTypes: true, recursive: true })
  return entries
    .filter((entry) => entry.isFile() && extensions.some((ext) => entry.name.endsWith(ext)))
    .map((entry) => join(entry.parentPath, entry.name))
}

test.group('Named routes: no route is named by a string the typecheck cannot see', () => {
  test('every toRoute() / makeUrl() / makeSignedUrl() name in app/ is a route', async ({
    assert,
  }) => {
    // redirect().toRoute(name) and router.makeUrl(name) take any string: a renamed route would
    // only fail on the click. routeUrl() and route() are typed; these are checked here.
    const known = new Set([...Object.keys(routeMap), 'development.mailbox.index'])
    const unknown: string[] = []
    for (const file of await sourceFiles('app', ['.ts'])) {
      const text = await readFile(file, 'utf8')
      for (const match of text.matchAll(/\b(?:toRoute|makeUrl|makeSignedUrl)\(\s*'([^']+)'/g)) {
        if (!known.has(match[1])) unknown.push(`${file}: ${match[1]}`)
      }
    }
    assert.deepEqual(unknown, [])
  })

  test('pages and layouts write no literal path of the app (they use route())', async ({
    assert,
  }) => {
    const literal =
      /(?:href|action|formaction)="\/(?!\/)|['"`]\/(?:mypage|staff|login|logout|register|password|email|faq|forgot-email|environment|privacy|joining|notifications)\b/
    const found: string[] = []
    for (const file of await sourceFiles('inertia', ['.vue', '.ts'])) {
      if (file.endsWith('route_map.ts')) continue
      const text = await readFile(file, 'utf8')
      const lines = text.split('\n')
      lines.forEach((line, index) => {
        if (literal.test(line)) found.push(`${file}:${index + 1}: ${line.trim()}`)
      })
    }
    assert.deepEqual(found, [])
  })
})
