import env from '#start/env'

/**
 * Where the portal is reached from outside, for links in mails and on printed letters.
 * APP_URL when it is set (production: the public https address). Without it (the quick
 * start, `PORT=4000 npm start`) the links follow the port the portal listens on: a fixed
 * http://localhost:3333, or a bare path, would send members nowhere.
 */
export function portalBaseUrl(appUrl: string | undefined, port: string | number | undefined) {
  const base = appUrl?.trim() || `http://localhost:${port || 3333}`
  return base.replace(/\/+$/, '')
}

/** An absolute URL on this portal: `portalUrl(routeUrl('public.login.show'))`. */
export function portalUrl(path: string) {
  return `${portalBaseUrl(env.get('APP_URL'), env.get('PORT'))}${path}`
}
