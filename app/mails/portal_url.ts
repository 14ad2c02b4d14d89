import env from '#start/env'

/** An absolute URL on this portal, for links in mails. */
export function portalUrl(path: string) {
  const base = process.env.APP_URL || env.get('APP_URL') || `http://localhost:${env.get('PORT')}`
  return `${base.replace(/\/$/, '')}${path}`
}
