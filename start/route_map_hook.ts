import { spawnSync } from 'node:child_process'

/**
 * Build hook (adonisrc.ts, onBuildStarting): the build fails when inertia/app/route_map.ts no
 * longer matches the router, so a renamed route cannot ship with pages still naming the old one.
 * `node ace routes:map --check` boots the application, which validates the environment: a build
 * machine needs none, so placeholders stand in for what only a running server uses.
 */
export default async function routeMapHook({ logger }: { logger: { info(m: string): void } }) {
  logger.info('checking the named-route map (node ace routes:map --check)')
  const result = spawnSync(process.execPath, ['ace', 'routes:map', '--check'], {
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'development',
      APP_KEY: process.env.APP_KEY || 'route-map-check-placeholder-key-000000',
      PORT: process.env.PORT || '3333',
      HOST: process.env.HOST || '127.0.0.1',
    },
  })
  if (result.status !== 0) {
    throw new Error('inertia/app/route_map.ts is stale: run "node ace routes:map" and commit it')
  }
}
