import { readFile, writeFile } from 'node:fs/promises'
import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { namedRoutes } from '#services/named_routes'
import { renderRouteMap, ROUTE_MAP_FILE } from '#services/route_map'

/**
 * `node ace routes:map`: writes inertia/app/route_map.ts, the typed map of named routes the Vue
 * pages build their URLs from. `--check` writes nothing and fails when the file is stale (the
 * build runs it: a renamed route then fails the build, and, once regenerated, the typecheck).
 */
export default class RoutesMap extends BaseCommand {
  static commandName = 'routes:map'
  static description = 'Generate inertia/app/route_map.ts from the named routes (--check: verify)'
  static options: CommandOptions = { startApp: true }

  @flags.boolean({ description: 'Fail when the file differs from the router, write nothing' })
  declare check: boolean

  async run() {
    const file = this.app.makePath(ROUTE_MAP_FILE)
    const wanted = renderRouteMap(namedRoutes())
    const current = await readFile(file, 'utf8').catch(() => null)
    if (this.check) {
      if (current !== wanted) {
        this.logger.error(`${ROUTE_MAP_FILE} is stale: run "node ace routes:map" and commit it`)
        this.exitCode = 1
        return
      }
      this.logger.info(`${ROUTE_MAP_FILE} matches the router`)
      return
    }
    if (current === wanted) {
      this.logger.info(`${ROUTE_MAP_FILE} is up to date`)
      return
    }
    await writeFile(file, wanted)
    this.logger.success(`wrote ${ROUTE_MAP_FILE}`)
  }
}
